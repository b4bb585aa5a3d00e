package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// pickerCSS is served at oauth/sandbox.css; the picker page links it
// relatively, so it works under any mount prefix and a strict CSP.
const pickerCSS = `body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;background:#f6f7f9;color:#1c1f24;line-height:1.5}
main{max-width:36rem;margin:0 auto;background:#fff;border:1px solid #d5d9e0;border-radius:8px;padding:1.5rem}
h1{font-size:1.5rem;margin-top:0}h2{font-size:1.1rem}
ul{list-style:none;padding:0;margin:0}li{margin:0 0 .75rem}
button{min-height:44px;min-width:44px;width:100%;text-align:left;padding:.6rem .9rem;font:inherit;border:1px solid #3553b8;border-radius:6px;background:#fff;color:#1c1f24;cursor:pointer}
button:hover,button:focus-visible{background:#eef1fb;outline:3px solid #3553b8;outline-offset:2px}
.name{display:block;font-weight:600}.desc{display:block;font-size:.9rem;color:#4a515c}
.error{color:#a61b1b}`

var pickerTmpl = template.Must(template.New("picker").Parse(`<!doctype html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title>
<link rel="stylesheet" href="sandbox.css">
</head>
<body>
<main>
<h1>{{.T.Heading}}</h1>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{else}}
<p>{{.T.Intro}}</p>
<form method="post" action="authorize">
<input type="hidden" name="client_id" value="{{.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="response_type" value="code">
<input type="hidden" name="state" value="{{.State}}">
<input type="hidden" name="scope" value="{{.Scope}}">
<input type="hidden" name="code_challenge" value="{{.Challenge}}">
<input type="hidden" name="code_challenge_method" value="{{.Method}}">
<fieldset>
<legend><h2>{{.T.People}}</h2></legend>
<ul>
{{range .Personas}}<li><button type="submit" name="persona" value="{{.Key}}"><span class="name">{{.Name}}, {{.Title}}</span><span class="desc">{{.Description}}</span></button></li>
{{end}}</ul>
</fieldset>
</form>{{end}}
</main>
</body>
</html>
`))

// pickerText is the picker's copy in one language.
type pickerText struct {
	Lang, Title, Heading, Intro, People string
	// errors
	MethodNotAllowed, Unreadable, UnknownClient, BadRedirect, Unregistered, ChooseOne string
	// personas' titles and descriptions by persona key; names are data
	Personas map[string][2]string
}

// pickerTexts holds the picker in English and Spanish (Spain, as tú).
// Persona names and the demo's trainings are data and stay as they are.
var pickerTexts = map[string]pickerText{
	"en": {
		Lang: "en", Title: "Choose who you are · Aula demo", Heading: "Choose who you are in the demo",
		Intro:            "The demo company's people, trainings and sessions are made up. Pick one of these four people to try Aula as them: each sees and can do what their role allows. No password is needed, and you can sign out and pick someone else at any time.",
		People:           "People you can be",
		MethodNotAllowed: "Method not allowed.", Unreadable: "The request could not be read.", UnknownClient: "Unknown client_id.",
		BadRedirect:  "redirect_uri must be an http or https URL.",
		Unregistered: "This redirect_uri is not registered for %s, so the sign-in stops here.",
		ChooseOne:    "Choose one of the demo people.",
	},
	"es": {
		Lang: "es", Title: "Elige quién eres · demo de Aula", Heading: "Elige quién eres en la demo",
		Intro:            "Las personas, formaciones y sesiones de la empresa de la demo son inventadas. Elige a una de estas cuatro personas para probar Aula como ella: cada una ve y puede hacer lo que permite su rol. No hace falta contraseña, y puedes cerrar la sesión y elegir a otra persona cuando quieras.",
		People:           "Personas que puedes ser",
		MethodNotAllowed: "Método no permitido.", Unreadable: "No se ha podido leer la petición.", UnknownClient: "client_id desconocido.",
		BadRedirect:  "redirect_uri debe ser una URL http o https.",
		Unregistered: "Esta redirect_uri no está registrada para %s, así que el inicio de sesión se detiene aquí.",
		ChooseOne:    "Elige a una de las personas de la demo.",
		Personas: map[string][2]string{
			PersonaHRAdmin: {"responsable de RR. HH.",
				"Llevas el catálogo de formaciones: creas y editas formaciones, categorías y grupos, inscribes a personas, pones fechas de finalización, ves los costes y las formaciones vencidas de todo el mundo."},
			PersonaTrainer: {"docente en Aprendizaje y Desarrollo",
				"Impartes formaciones: ves las sesiones de hoy y las próximas, consultas el catálogo y quién está inscrito en lo que impartes."},
			PersonaManager: {"responsable de Operaciones",
				"Diriges un equipo: ves qué personas de tu equipo tienen formaciones vencidas, las obligatorias primero, y consultas el catálogo."},
			PersonaEmployee: {"coordinador/a de logística en Operaciones",
				"Haces formaciones: ves tus propias formaciones, lo que vence y tus próximas sesiones, y consultas el catálogo."},
		},
	},
}

// WithLanguage sets how the persona picker chooses its language for a
// request: lang returns "en" or "es" (anything else is English). On Aula's
// own origin, in demo mode, Aula passes its own choice (its language cookie,
// then Accept-Language), so the picker speaks the language of the page that
// sent the person there. Default: English.
func WithLanguage(lang func(*http.Request) string) Option {
	return func(c *config) { c.language = lang }
}

// SetLanguage sets the picker's language rule after New, as WithLanguage
// does: demo mode builds its choice of language after the sandbox.
func (s *Sandbox) SetLanguage(lang func(*http.Request) string) {
	s.authMu.Lock()
	s.cfg.language = lang
	s.authMu.Unlock()
}

// pickerTextFor is the picker's copy for r.
func (s *Sandbox) pickerTextFor(r *http.Request) pickerText {
	s.authMu.Lock()
	lang := s.cfg.language
	s.authMu.Unlock()
	if lang != nil {
		if t, ok := pickerTexts[lang(r)]; ok {
			return t
		}
	}
	return pickerTexts["en"]
}

// localPersonas are the personas with their titles and descriptions in t's
// language.
func localPersonas(ps []Persona, t pickerText) []Persona {
	out := make([]Persona, len(ps))
	for i, p := range ps {
		if x, ok := t.Personas[p.Key]; ok {
			p.Title, p.Description = x[0], x[1]
		}
		out[i] = p
	}
	return out
}

type pickerData struct {
	T                                                             pickerText
	Error, ClientID, RedirectURI, State, Scope, Challenge, Method string
	Personas                                                      []Persona
}

func validRedirect(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.Fragment == ""
}

// RegisterRedirectURI registers redirect URIs of the OAuth2 client, as an
// application's settings in Factorial do. The authorization endpoint accepts
// a redirect_uri only when it is registered: the same string, except that a
// registered loopback URI (localhost, 127.0.0.1, [::1]) matches any port
// (RFC 8252 §7.3), so Aula on another local port signs in too. Demo mode
// registers Aula's own callback.
func (s *Sandbox) RegisterRedirectURI(uris ...string) {
	s.authMu.Lock()
	s.redirects = append(s.redirects, uris...)
	s.authMu.Unlock()
}

// redirectRegistered reports whether u is a registered redirect URI.
func (s *Sandbox) redirectRegistered(u string) bool {
	got, err := url.Parse(u)
	if err != nil || !validRedirect(u) {
		return false
	}
	s.authMu.Lock()
	defer s.authMu.Unlock()
	for _, r := range s.redirects {
		if r == u {
			return true
		}
		reg, err := url.Parse(r)
		if err != nil || !isLoopback(reg.Hostname()) {
			continue
		}
		// RFC 8252 §7.3: any port for a loopback redirect, all else equal.
		if reg.Scheme == got.Scheme && reg.Hostname() == got.Hostname() && reg.Path == got.Path && reg.RawQuery == got.RawQuery {
			return true
		}
	}
	return false
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

func (s *Sandbox) pickerPage(w http.ResponseWriter, status int, d pickerData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", d.T.Lang)
	w.Header().Set("Vary", "Accept-Language, Cookie")
	w.Header().Set("Cache-Control", "no-store")
	// The form posts here and is then redirected to the client's
	// (registered) redirect URI: the only places it may go.
	formAction := "'none'"
	if u, err := url.Parse(d.RedirectURI); err == nil && d.Error == "" && u.Host != "" {
		formAction = "'self' " + u.Scheme + "://" + u.Host
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action "+formAction+"; frame-ancestors 'none'")
	w.WriteHeader(status)
	_ = pickerTmpl.Execute(w, d)
}

func (s *Sandbox) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	t := s.pickerTextFor(r)
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		s.pickerPage(w, http.StatusMethodNotAllowed, pickerData{T: t, Error: t.MethodNotAllowed})
		return
	}
	if err := r.ParseForm(); err != nil {
		s.pickerPage(w, http.StatusBadRequest, pickerData{T: t, Error: t.Unreadable})
		return
	}
	f := r.Form
	d := pickerData{T: t, ClientID: f.Get("client_id"), RedirectURI: f.Get("redirect_uri"), State: f.Get("state"),
		Scope: f.Get("scope"), Challenge: f.Get("code_challenge"), Method: f.Get("code_challenge_method"), Personas: localPersonas(s.Personas(), t)}
	switch {
	case d.ClientID != s.cfg.clientID:
		s.pickerPage(w, http.StatusBadRequest, pickerData{T: t, Error: t.UnknownClient})
		return
	case !validRedirect(d.RedirectURI):
		s.pickerPage(w, http.StatusBadRequest, pickerData{T: t, Error: t.BadRedirect})
		return
	case !s.redirectRegistered(d.RedirectURI):
		// RFC 6749 §4.1.2.1: never redirect to an unregistered URI; tell
		// the person instead.
		s.pickerPage(w, http.StatusBadRequest, pickerData{T: t, Error: fmt.Sprintf(t.Unregistered, d.ClientID)})
		return
	}
	back := func(params url.Values) {
		u, _ := url.Parse(d.RedirectURI)
		q := u.Query()
		for k, v := range params {
			q[k] = v
		}
		if d.State != "" {
			q.Set("state", d.State)
		}
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if rt := f.Get("response_type"); rt != "code" {
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	}
	if d.Method != "" && d.Method != "S256" && d.Method != "plain" {
		back(url.Values{"error": {"invalid_request"}, "error_description": {"unsupported code_challenge_method"}})
		return
	}
	if r.Method == http.MethodGet {
		s.pickerPage(w, http.StatusOK, d)
		return
	}
	key := f.Get("persona")
	if _, ok := s.persona(key); !ok {
		if key == "deny" {
			back(url.Values{"error": {"access_denied"}})
			return
		}
		d.Error = ""
		s.pickerPage(w, http.StatusBadRequest, pickerData{T: t, Error: t.ChooseOne})
		return
	}
	code := randomToken("sbx_code_")
	s.authMu.Lock()
	s.codes[code] = authCode{persona: key, clientID: d.ClientID, redirectURI: d.RedirectURI, challenge: d.Challenge,
		method: d.Method, scope: d.Scope, expires: s.now().Add(authCodeTTL)}
	s.sweepExpiredLocked(s.now())
	s.authMu.Unlock()
	back(url.Values{"code": {code}})
}

// TokenResponse is the answer of oauth/token.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
	CreatedAt    int64  `json:"created_at"`
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="sandbox"`)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func (s *Sandbox) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "use POST")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the form could not be read")
		return
	}
	f := r.PostForm
	id, secret := f.Get("client_id"), f.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		u, _ = url.QueryUnescape(u)
		p, _ = url.QueryUnescape(p)
		id, secret = u, p
	}
	if id != s.cfg.clientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.clientSecret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	now := s.now()
	var persona, scope string
	switch f.Get("grant_type") {
	case "authorization_code":
		code := f.Get("code")
		s.authMu.Lock()
		c, ok := s.codes[code]
		delete(s.codes, code) // single use, even when the exchange fails
		s.authMu.Unlock()
		switch {
		case !ok || !now.Before(c.expires):
			oauthError(w, http.StatusBadRequest, "invalid_grant", "the code is unknown, used or expired")
			return
		case c.clientID != id:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "the code belongs to another client")
			return
		case f.Get("redirect_uri") != c.redirectURI:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
			return
		}
		if c.challenge != "" {
			// RFC 7636 §4.6: a code issued with a challenge needs its verifier.
			v := f.Get("code_verifier")
			if v == "" {
				oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier is required: the authorization request had a code_challenge")
				return
			}
			want := v // "plain", also when no method was sent (RFC 7636 §4.3)
			if c.method == "S256" {
				sum := sha256.Sum256([]byte(v))
				want = base64.RawURLEncoding.EncodeToString(sum[:])
			}
			if want != c.challenge {
				oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match")
				return
			}
		}
		persona, scope = c.persona, c.scope
	case "refresh_token":
		rt := f.Get("refresh_token")
		s.authMu.Lock()
		t, ok := s.refresh[rt]
		delete(s.refresh, rt) // rotation: a refresh token works once
		s.authMu.Unlock()
		if !ok || !now.Before(t.expires) {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is unknown, used or expired")
			return
		}
		persona, scope = t.persona, t.scope
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "use authorization_code or refresh_token")
		return
	}
	scope = strings.TrimSpace(scope)
	if scope == "" {
		scope = defaultScope
	}
	access, refresh := s.issue(persona, scope)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, TokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(AccessTokenTTL / time.Second),
		RefreshToken: refresh, Scope: scope, CreatedAt: now.Unix()})
}
