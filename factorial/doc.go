// Package factorial is a client for the Trainings API of Factorial HR.
package factorial
