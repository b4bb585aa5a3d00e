module github.com/aula-hr/aula

go 1.26.8
