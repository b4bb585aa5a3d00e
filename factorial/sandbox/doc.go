// Package sandbox is an in-memory emulator of the Factorial Trainings API
// (see shared/factorial-api.md): the same paths, envelopes, offset and cursor
// pagination, filters, error bodies and OAuth2 flow, with deterministic
// seeded data anchored on the clock, demo personas with permissions, fault
// and latency injection, a request log and a state snapshot for tests.
//
// Mount it anywhere with http.StripPrefix: it serves
// /api/{version}/resources/{module}/{resource}[/{id}|/{action}],
// /oauth/authorize (a persona picker page using relative URLs and a
// same-origin stylesheet, oauth/sandbox.css) and /oauth/token.
//
// # Permissions (our choices)
//
//   - The API key and the hr-admin persona see and change everything.
//   - trainer: reads every training that is not deleted, every class and
//     session; reads the access memberships, attendances and training
//     memberships of the trainings they teach (State.Teachers) and their own;
//     may bulk_update attendances only of sessions of trainings they teach.
//   - manager: reads active trainings in the catalogue or with a membership of
//     themselves or their direct or indirect reports; sessions, access
//     memberships, attendances and training memberships of themselves and
//     their reports.
//   - employee: the same as a manager without reports: only their own.
//   - Every other write answers 403. Records a persona may not see answer 404
//     on a read by id (and in bulk_update), and are left out of lists.
//
// Fields a user may not see come back null: for every non-admin the cost
// fields of trainings (cost, subsidized_cost, total_cost and every *_decimal
// and total_training_* money) and of training classes (cost, indirect_cost,
// salary_cost, subsidized_cost, gross_cost, net_cost); employees' email
// except for the employee themselves, their direct and indirect managers and
// admins.
//
// # OAuth2, as strict as a real authorization server
//
//   - The client's redirect URIs are registered (WithRedirectURIs,
//     RegisterRedirectURI; demo mode registers Aula's callback, `aula sandbox
//     -redirect-uri` others). An unregistered redirect_uri gets an error page
//     (400), never a redirect (RFC 6749 §4.1.2.1). A registered loopback URI
//     matches on any port (RFC 8252 §7.3).
//   - A code is single-use, expires after ten minutes, and is bound to the
//     client and the redirect_uri of its authorization request; a code issued
//     with a code_challenge is exchanged only with its code_verifier (RFC 7636
//     §4.6). Anything else is invalid_grant.
//
// # Updates
//
// A PUT changes only the fields it sends: one left out keeps its value, one
// sent as null is cleared. The fields the published PUT body requires are
// still required (trainings: name, description, external, year; training
// classes: the four costs and payment_status); a session PUT needs no
// training_id, and a session cannot move to another training. A session PUT
// that moves its times without a duration derives the duration again.
//
// # Deleting a training
//
// The reference documents two ways, and the sandbox keeps them apart:
//
//   - update_status with status deleted is the soft delete. The training keeps
//     its classes, sessions, attendances and memberships, and its name: it
//     is left out of lists unless status=deleted, and HR admins and the API
//     key still read it by id (GET trainings/trainings/{id}) or with
//     status=deleted&ids[]={id}. This is how a client names a deleted
//     training that a membership still points at.
//   - DELETE trainings/trainings/{id} and bulk_delete destroy the training
//     and everything under it; afterwards it is 404. They answer with the
//     deleted record as it was last, saying status deleted and updated now,
//     never a record that still says active.
//
// Why: TrainingStatus has a deleted value and update_status sets it, so
// Factorial keeps trainings it marks deleted; a DELETE that did the same
// would make one of the two endpoints pointless. Aula's confirmation of
// Delete… already tells HR that the groups, sessions and enrolments go with
// it, and points to the Deleted status to keep the history.
//
// # Answers
//
// Every answer carries the headers an API sends: X-Content-Type-Options
// nosniff, Cache-Control no-store, Content-Security-Policy default-src
// 'none'; frame-ancestors 'none', Referrer-Policy no-referrer,
// X-Frame-Options DENY and Cross-Origin-Resource-Policy same-origin. The
// persona picker has its own policy (its stylesheet, and a form that may only
// go to the sandbox and the registered redirect URI's origin), and its
// stylesheet may be cached. A credential's id is a string prefixed by its
// kind, as the schema types it: "api_key_1" for the API key, "access_{access
// id}" for a user's token (our choice of prefixes).
//
// # Other choices
//
//   - Lists of trainings leave out deleted trainings unless status=deleted.
//   - Session.status is derived from the clock: scheduled, in_progress,
//     finished (scheduled sessions), open or finished (self-paced).
//   - sessions active=true: not finished yet; next=true: starts after now.
//   - training_memberships due_date=N: due within the next N days (today
//     included); overdue: not completed and due before today.
//   - Training.total_cost = cost − subsidized_cost; total_training_* sum the
//     training classes.
//   - An employee's access_id is its id plus AccessIDOffset.
//   - Faults: see Fault. The rate limit is a fixed one-minute window per token
//     or API key, answering 429 with Retry-After in seconds. Settings are
//     the faults, latency, rate limit, profile and seed as a person sets them
//     (the flags of `aula sandbox`, AULA_SANDBOX_* in demo mode); ParseFault
//     reads one fault ("POST trainings/* rate=0.2 status=503 applied").
package sandbox
