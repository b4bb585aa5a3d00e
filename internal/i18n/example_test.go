package i18n_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aula-hr/aula/internal/i18n"
)

// A templ component reads the request's locale from the ctx it is rendered
// with: <button>{ i18n.T(ctx, "Clear filters") }</button>.
func ExampleT() {
	ctx := i18n.WithLocale(context.Background(), i18n.Spanish)
	fmt.Println(i18n.T(ctx, "Clear filters"))
	fmt.Println(i18n.T(ctx, "%d participants", 1))
	fmt.Println(i18n.T(ctx, "%d participants", 3))
	// Output:
	// Borrar filtros
	// 1 participante
	// 3 participantes
}

func ExampleLocale_LongDate() {
	d := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	for _, l := range i18n.Locales() {
		fmt.Println(l.LongDate(d), "·", l.MediumDate(d), "·", l.Time(d))
	}
	// Output:
	// Wednesday, 2 December 2026 · 2 Dec 2026 · 09:30
	// miércoles, 2 de diciembre de 2026 · 2 dic. 2026 · 09:30
}

// A form parser takes the Locale and keeps its own range checks on the
// plain decimal.
func ExampleLocale_ParseDecimal() {
	plain, err := i18n.Spanish.ParseDecimal("1.234,56")
	fmt.Println(plain, err)
	_, err = i18n.Spanish.ParseDecimal("1,234.56")
	fmt.Println(err != nil, i18n.Spanish.AmountError())
	// Output:
	// 1234.56 <nil>
	// true Escribe un importe, por ejemplo 1250,50.
}
