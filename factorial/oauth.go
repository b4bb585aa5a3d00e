package factorial

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// OAuthConfig describes an OAuth2 application registered with Factorial
// (a confidential client). BaseURL is the host root, as for WithBaseURL;
// HTTPClient, when set, sends the token requests.
type OAuthConfig struct {
	BaseURL      string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	Scopes       []string
	HTTPClient   *http.Client
}

func (c OAuthConfig) config() *oauth2.Config {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = ProductionURL
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURL,
		Scopes:       c.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:  base + "/oauth/authorize",
			TokenURL: base + "/oauth/token",
			// Factorial documents client_id and client_secret as form fields.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func (c OAuthConfig) context(ctx context.Context) context.Context {
	hc := c.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// AuthCodeURL returns the URL of Factorial's consent page. state must be an
// unguessable value bound to the browser. When verifier is not empty (see
// oauth2.GenerateVerifier) its S256 challenge is sent too; Factorial does not
// document PKCE, so the flow never depends on it.
func (c OAuthConfig) AuthCodeURL(state, verifier string) string {
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.S256ChallengeOption(verifier))
	}
	return c.config().AuthCodeURL(state, opts...)
}

// Exchange trades the code from the callback for a token. verifier is the one
// given to AuthCodeURL, or "".
func (c OAuthConfig) Exchange(ctx context.Context, code, verifier string) (*oauth2.Token, error) {
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := c.config().Exchange(c.context(ctx), code, opts...)
	if err != nil {
		return nil, c.tokenError(err, code, verifier)
	}
	return tok, nil
}

// Refresh trades a refresh token for a new token. Factorial rotates refresh
// tokens: after this call the old one no longer works, so keep the returned
// token's RefreshToken (see NewRotatingTokenSource).
func (c OAuthConfig) Refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("factorial: refresh: no refresh token: %w", ErrUnauthorized)
	}
	tok, err := c.config().TokenSource(c.context(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, c.tokenError(err, refreshToken)
	}
	return tok, nil
}

// tokenError turns an oauth2 error into an *Error without any secret: the
// oauth2 package's own message repeats the whole reply body.
func (c OAuthConfig) tokenError(err error, secrets ...string) error {
	secrets = append(secrets, c.ClientSecret)
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		e := &Error{
			StatusCode: re.Response.StatusCode,
			Method:     http.MethodPost,
			Path:       pathOf(c.config().Endpoint.TokenURL),
			Code:       scrub(excerpt(re.ErrorCode, 100), secrets),
			Message:    scrub(excerpt(re.ErrorDescription, 300), secrets),
			RequestID:  excerpt(firstHeader(re.Response.Header, "X-Request-Id", "X-Correlation-Id"), 100),
			Body:       scrub(excerpt(string(re.Body), maxBodyExcerpt), secrets),
		}
		if e.Code == "" && e.Message == "" {
			e.Code, e.Message = parseErrorBody(re.Body)
			e.Code, e.Message = scrub(excerpt(e.Code, 100), secrets), scrub(excerpt(e.Message, 300), secrets)
		}
		return e
	}
	return fmt.Errorf("factorial: oauth token request: %s", scrub(err.Error(), secrets))
}

// tokenSourceError is what a client reports when its token source fails. An
// oauth2.RetrieveError (from any golang.org/x/oauth2 source) becomes an
// *Error keeping only the status and the OAuth2 error code: its description
// and body may repeat the refresh token, which the client does not know and
// so cannot scrub, and its own message repeats the whole body.
func tokenSourceError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return err
	}
	e := &Error{StatusCode: re.Response.StatusCode, Method: http.MethodPost, Code: re.ErrorCode,
		RequestID: excerpt(firstHeader(re.Response.Header, "X-Request-Id", "X-Correlation-Id"), 100)}
	if re.Response.Request != nil {
		e.Method, e.Path = re.Response.Request.Method, re.Response.Request.URL.EscapedPath()
	}
	if e.Code == "" {
		e.Code, _ = parseErrorBody(re.Body)
	}
	e.Code = excerpt(e.Code, 100)
	return e
}

// NewRotatingTokenSource returns a token source for one user's session that
// refreshes t when it expires, at most one refresh at a time: concurrent
// Token calls wait for the refresh in progress and share its result, so the
// rotating refresh token is never spent twice. Every new token is handed to
// save (e.g. to write it to the session store) before it is used; if save
// fails the new token is kept in memory and Token returns the error.
//
// The source is the one place that may refresh this user's token: share it
// between the clients of one session (see Refresher for a per-process
// coordinator when clients are built per request).
func NewRotatingTokenSource(ctx context.Context, c OAuthConfig, t *oauth2.Token, save func(context.Context, *oauth2.Token) error) oauth2.TokenSource {
	return &rotatingSource{ctx: context.WithoutCancel(ctx), refresh: c.Refresh, tok: t, save: save}
}

type rotatingSource struct {
	ctx     context.Context
	refresh func(context.Context, string) (*oauth2.Token, error)
	save    func(context.Context, *oauth2.Token) error

	mu  sync.Mutex
	tok *oauth2.Token
}

// Token returns a valid token, refreshing it first if it has expired.
func (s *rotatingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.Valid() {
		return copyToken(s.tok), nil
	}
	if s.tok == nil || s.tok.RefreshToken == "" {
		return nil, fmt.Errorf("factorial: token expired and no refresh token: %w", ErrUnauthorized)
	}
	nt, err := s.refresh(s.ctx, s.tok.RefreshToken)
	if err != nil {
		return nil, err
	}
	if nt.RefreshToken == "" {
		nt.RefreshToken = s.tok.RefreshToken
	}
	s.tok = nt
	if s.save != nil {
		if err := s.save(s.ctx, copyToken(nt)); err != nil {
			return nil, fmt.Errorf("factorial: saving the refreshed token: %w", err)
		}
	}
	return copyToken(nt), nil
}

func copyToken(t *oauth2.Token) *oauth2.Token {
	c := *t
	return &c
}

// Refresher coordinates refreshes across the token sources of one process.
// When a client is built per request from a stored token, two concurrent
// requests of one user would each hold their own source; the Refresher makes
// them share one refresh per refresh token, and remembers the result for a
// caller that arrives with the already-spent refresh token.
type Refresher struct {
	cfg OAuthConfig

	mu       sync.Mutex
	inflight map[string]*refreshCall
	done     map[string]*oauth2.Token // spent refresh token -> its successor
	order    []string
}

type refreshCall struct {
	wg  sync.WaitGroup
	tok *oauth2.Token
	err error
}

// maxRemembered bounds the spent refresh tokens a Refresher remembers.
const maxRemembered = 1024

// NewRefresher returns a Refresher for the application c.
func NewRefresher(c OAuthConfig) *Refresher {
	return &Refresher{cfg: c, inflight: make(map[string]*refreshCall), done: make(map[string]*oauth2.Token)}
}

// Refresh trades refreshToken for a new token, at most once per refresh token
// in this process: concurrent and later callers with the same refresh token
// get the same new token, or its own successor once it has expired.
func (r *Refresher) Refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	r.mu.Lock()
	if t, ok := r.done[refreshToken]; ok {
		r.mu.Unlock()
		if !t.Valid() && t.RefreshToken != "" && t.RefreshToken != refreshToken {
			// The successor has expired since: continue the chain.
			return r.Refresh(ctx, t.RefreshToken)
		}
		return copyToken(t), nil
	}
	if call, ok := r.inflight[refreshToken]; ok {
		r.mu.Unlock()
		call.wg.Wait()
		if call.err != nil {
			return nil, call.err
		}
		return copyToken(call.tok), nil
	}
	call := &refreshCall{}
	call.wg.Add(1)
	r.inflight[refreshToken] = call
	r.mu.Unlock()

	call.tok, call.err = r.cfg.Refresh(context.WithoutCancel(ctx), refreshToken)
	if call.err == nil && call.tok.RefreshToken == "" {
		call.tok.RefreshToken = refreshToken
	}
	r.mu.Lock()
	delete(r.inflight, refreshToken)
	if call.err == nil {
		r.done[refreshToken] = call.tok
		r.order = append(r.order, refreshToken)
		if len(r.order) > maxRemembered {
			delete(r.done, r.order[0])
			r.order = r.order[1:]
		}
	}
	r.mu.Unlock()
	call.wg.Done()
	if call.err != nil {
		return nil, call.err
	}
	return copyToken(call.tok), nil
}

// TokenSource is NewRotatingTokenSource with its refreshes coordinated by r.
func (r *Refresher) TokenSource(ctx context.Context, t *oauth2.Token, save func(context.Context, *oauth2.Token) error) oauth2.TokenSource {
	return &rotatingSource{ctx: context.WithoutCancel(ctx), refresh: r.Refresh, tok: t, save: save}
}
