package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
	mw "github.com/aula-hr/aula/middleware"
)

// spanishStep is one screen of a persona's flow in Spanish.
type spanishStep struct {
	path  string // opened first, when set
	click string // then clicked, when set (a CSS selector)
	ready string // a CSS selector shown once the screen is there
	// says is Spanish text the screen shows: only copy already translated
	// where this test was written (home pages, the overdue list, the
	// attendance screens, the navigation, the server's problems).
	says []string
}

// Each persona does one flow in Spanish at 768×1024, the language chosen
// with the aula_lang cookie before signing in: the persona picker is in
// Spanish, and every screen has <html lang="es">, Spanish text and no
// serious axe-core violation (its lang rules included: html-has-lang,
// html-lang-valid, valid-lang).
func TestEveryPersonaInSpanishOnATablet(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	sess, _ := sheetSessionAt(t, srv, 3, time.Now().UTC().Truncate(24*time.Hour).Add(10*time.Hour))
	flows := []struct {
		persona string
		steps   []spanishStep
	}{
		{sandbox.PersonaHRAdmin, []spanishStep{
			{path: "/", ready: `[data-testid="home-title"]`, says: []string{"Hola, ", "Inicio", "Formaciones"}},
			{path: "/trainings", ready: `[data-testid="catalogue-title"]`, says: []string{"Formaciones vencidas"}},
			{click: `[data-testid="training-name"]`, ready: `[data-testid="training-title"]`, says: []string{"Inicio"}},
			{path: "/no/such/page", ready: `[data-testid="error-page"]`, says: []string{"Página no encontrada", "No hay ninguna página en esta dirección."}},
		}},
		{sandbox.PersonaTrainer, []spanishStep{
			{path: "/attendance", ready: `[data-testid="today-title"]`, says: []string{"Sesiones de hoy", "Asistencia"}},
			{path: "/sessions/" + sess.ID.String() + "/attendance", ready: `[data-testid="sheet-row"]`, says: []string{"Asistió", "Ausente", " de 3 marcadas"}},
		}},
		{sandbox.PersonaManager, []spanishStep{
			{path: "/", ready: `[data-testid="home-title"]`, says: []string{"Hola, ", "Formaciones vencidas de tu equipo"}},
			{path: "/team/overdue", ready: `h1`, says: []string{"Formaciones vencidas"}},
		}},
		{sandbox.PersonaEmployee, []spanishStep{
			{path: "/", ready: `[data-testid="home-title"]`, says: []string{"Hola, ", "Tus formaciones", "Próximas sesiones"}},
		}},
	}
	for _, flow := range flows {
		t.Run(flow.persona, func(t *testing.T) {
			tab := browsertest.Start(t, 768, 1024)
			tab.Do(chromedp.Navigate(srv.URL + "/login"))
			browsertest.Eval[bool](tab, `(document.cookie = "`+mw.LocaleCookie+`=es; path=/", true)`)
			tab.Do(chromedp.Navigate(srv.URL + "/auth/start"))
			tab.WaitUntil("the persona picker", q(`button[name="persona"]`)+` !== null`)
			if lang := browsertest.Eval[string](tab, `document.documentElement.lang`); lang != "es" {
				t.Errorf("persona picker: <html lang=%q>", lang)
			}
			if h1 := tab.Text("h1"); h1 != "Elige quién eres en la demo" {
				t.Errorf("persona picker: h1 %q", h1)
			}
			tab.Accessible(flow.persona + " persona picker")
			tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + flow.persona + `"]`)))
			tab.WaitUntilSettled("the signed-in home page", q(`[data-testid="user-name"]`)+` !== null`)
			for _, st := range flow.steps {
				name := flow.persona + " " + st.path + st.click
				if st.path != "" {
					tab.Do(chromedp.Navigate(srv.URL + st.path))
				}
				if st.click != "" {
					tab.Do(chromedp.Click(chromedp.CSS(st.click)))
				}
				tab.WaitUntilSettled(name, q(st.ready)+` !== null`)
				if lang := browsertest.Eval[string](tab, `document.documentElement.lang`); lang != "es" {
					t.Errorf("%s: <html lang=%q>, want es", name, lang)
				}
				text := browsertest.Eval[string](tab, `document.body.innerText`)
				for _, s := range st.says {
					if !strings.Contains(text, s) {
						t.Errorf("%s: no %q on the page", name, s)
					}
				}
				tab.Accessible(name)
			}
		})
	}
}
