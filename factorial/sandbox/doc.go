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
//     or API key, answering 429 with Retry-After in seconds.
package sandbox
