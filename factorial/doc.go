// Package factorial is a client for the Trainings API of Factorial HR
// (https://apidoc.factorialhr.com), version 2026-04-01 by default.
//
// A Client talks to one host as one identity: a company API key
// (WithAPIKey), a user's OAuth2 access token (WithBearerToken) or a token
// source that refreshes it (WithTokenSource, NewRotatingTokenSource). It has
// one service per resource, in the style of google/go-github:
//
//	c, err := factorial.NewClient(
//		factorial.WithBaseURL(factorial.DemoURL),
//		factorial.WithBearerToken(accessToken),
//	)
//	page, err := c.Trainings.List(ctx, &factorial.TrainingListOptions{
//		ListOptions: factorial.ListOptions{Limit: 20},
//		Status:      factorial.TrainingActive,
//	})
//
// # Lists
//
// Every list has three forms. List returns one page with its Meta (total,
// has next/previous page, cursors). Iter walks the pages lazily, one request
// at a time, as a range-over-func iterator. All fetches everything: it asks
// for the first few pages at once (WithPrefetch, 4 by default; 1 reads page 1
// alone, so a one-page list costs one request), learns the total from the
// first reply, then keeps at most WithMaxConcurrency requests in flight (8 by
// default), and returns the records in order, de-duplicated by id. All stops
// at the first error. Filters are typed (TrainingListOptions, SessionListOptions…)
// and sent Rails style (ids[]=1&ids[]=2).
//
// # Errors and retries
//
// A non-2xx reply is an *Error (a 429 a *RateLimitError carrying
// RetryAfter) that matches ErrNotFound, ErrUnauthorized, ErrForbidden,
// ErrRateLimited or ErrValidation with errors.Is. Errors hold the method,
// path, status, the server's message and request id, and a bounded excerpt
// of the body, scrubbed of the credential that was sent.
//
// Idempotent requests (GET, PUT, DELETE and the attendance bulk update) are
// retried on 429, 502, 503, 504 and connection errors, with exponential
// backoff and jitter, honouring Retry-After up to RetryPolicy.MaxRetryAfter.
// Creates and bulk creates are never retried. Every method takes a context;
// its deadline bounds the whole call, retries included, and a wait that
// would outlast it is skipped: the last error comes back at once.
//
// # Wire types
//
// Models decode what the public sources disagree on: money as an object or a
// decimal string (Money), Session.Duration as an object or decimal hours
// (Duration), ids as numbers or numeric strings (ID, ClassID). Unknown fields
// are ignored. Optional fields are pointers, nil when Factorial sends null,
// which it also does for fields the signed-in user may not see.
package factorial
