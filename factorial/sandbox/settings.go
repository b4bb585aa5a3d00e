package sandbox

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings are the sandbox's knobs a person sets without Go code: the flags
// of `aula sandbox` and, in demo mode, the AULA_SANDBOX_* variables (the
// same names, upper case). Parse them with RegisterFlags or FromEnv; a
// wrong value is an error that names the flag or the variable.
type Settings struct {
	Latency   time.Duration // every request waits this long first
	Jitter    time.Duration // plus a random share of this
	Faults    []Fault       // tried in order, before the latency that applies to the rest
	RateLimit int           // requests per minute per token; 0 is none
	Profile   Profile
	Seed      int64
}

// DefaultSettings are the sandbox's own defaults: no latency, no faults,
// no rate limit, the demo profile, seed 1.
func DefaultSettings() Settings { return Settings{Seed: 1} }

// Options returns the data options of the settings (seed, profile).
func (s Settings) Options() []Option {
	return []Option{WithSeed(s.Seed), WithProfile(s.Profile)}
}

// Apply sets the faults, the latency and the rate limit on sb.
func (s Settings) Apply(sb *Sandbox) {
	sb.SetFaults(s.AllFaults()...)
	sb.SetRateLimit(s.RateLimit)
}

// AllFaults is what Apply injects: each fault, with the settings' latency
// and jitter where it names none of its own (only the first matching fault
// applies), then a fault of latency alone for every other request.
func (s Settings) AllFaults() []Fault {
	out := make([]Fault, 0, len(s.Faults)+1)
	for _, f := range s.Faults {
		if f.Latency == 0 && f.Jitter == 0 {
			f.Latency, f.Jitter = s.Latency, s.Jitter
		}
		out = append(out, f)
	}
	if s.Latency > 0 || s.Jitter > 0 {
		out = append(out, Fault{Latency: s.Latency, Jitter: s.Jitter})
	}
	return out
}

// FaultSyntax describes ParseFault's syntax, for flag help and messages.
const FaultSyntax = `"METHOD PATH [rate=0.3] [status=503] [retry-after=2s] [drop] [applied] [latency=200ms] [jitter=50ms]"`

// ParseFault reads one fault: the method ("*" for any), the resource path
// pattern (see Fault.Path; "*" for all), then options separated by spaces:
//
//	rate=R         the share of matching requests that fail, 0 < R ≤ 1 (default 1)
//	status=N       answer N, 400–599 (default 500)
//	retry-after=D  with a Retry-After header of D (a duration such as 2s)
//	drop           close the connection without an answer instead
//	applied        make the write first, then fail its answer
//	latency=D      wait D first (instead of the settings' latency)
//	jitter=D       plus a random share of D
//
// For example "POST trainings/* rate=0.2 status=503 applied" or
// "GET trainings/trainings rate=0.1 status=429 retry-after=2s".
func ParseFault(text string) (Fault, error) {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return Fault{}, fmt.Errorf("%q: want %s", text, FaultSyntax)
	}
	f := Fault{Method: strings.ToUpper(fields[0]), Path: strings.Trim(fields[1], "/")}
	if f.Method != "*" && !isMethod(f.Method) {
		return Fault{}, fmt.Errorf("%q: %q is not an HTTP method or *", text, fields[0])
	}
	if f.Path == "" {
		return Fault{}, fmt.Errorf("%q: the path pattern is empty (use * for every path)", text)
	}
	if strings.Contains(f.Path, "=") {
		return Fault{}, fmt.Errorf("%q: the second word is the path pattern, not %q", text, fields[1])
	}
	duration := func(k, v string) (time.Duration, error) {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%q: %s=%s is not a duration such as 2s or 150ms", text, k, v)
		}
		return d, nil
	}
	for _, opt := range fields[2:] {
		k, v, hasValue := strings.Cut(strings.ToLower(opt), "=")
		var err error
		switch {
		case k == "drop" && !hasValue:
			f.Drop = true
		case k == "applied" && !hasValue:
			f.Applied = true
		case k == "rate" && hasValue:
			f.ErrorRate, err = strconv.ParseFloat(v, 64)
			if err != nil || f.ErrorRate <= 0 || f.ErrorRate > 1 {
				return Fault{}, fmt.Errorf("%q: rate=%s is not a share above 0 and at most 1, such as 0.3", text, v)
			}
		case k == "status" && hasValue:
			f.Status, err = strconv.Atoi(v)
			if err != nil || f.Status < 400 || f.Status > 599 {
				return Fault{}, fmt.Errorf("%q: status=%s is not an error status from 400 to 599", text, v)
			}
		case k == "retry-after" && hasValue:
			if f.RetryAfter, err = duration(k, v); err != nil {
				return Fault{}, err
			}
		case k == "latency" && hasValue:
			if f.Latency, err = duration(k, v); err != nil {
				return Fault{}, err
			}
		case k == "jitter" && hasValue:
			if f.Jitter, err = duration(k, v); err != nil {
				return Fault{}, err
			}
		default:
			return Fault{}, fmt.Errorf("%q: unknown option %q; want %s", text, opt, FaultSyntax)
		}
	}
	if f.Drop && (f.Status != 0 || f.RetryAfter != 0) {
		return Fault{}, fmt.Errorf("%q: drop sends no answer, so no status or retry-after", text)
	}
	if f.ErrorRate > 0 && f.Status == 0 && !f.Drop {
		f.Status = 500
	}
	if f.ErrorRate == 0 && f.Status == 0 && !f.Drop && !f.Applied && f.Latency == 0 && f.Jitter == 0 {
		return Fault{}, fmt.Errorf("%q: does nothing; give a rate, status, drop or latency", text)
	}
	if f.Applied && f.Status == 0 && !f.Drop {
		f.Status = 500
	}
	return f, nil
}

// String writes f in ParseFault's syntax.
func (f Fault) String() string {
	m, p := f.Method, f.Path
	if m == "" {
		m = "*"
	}
	if p == "" {
		p = "*"
	}
	b := []string{m, p}
	if f.ErrorRate > 0 {
		b = append(b, "rate="+strconv.FormatFloat(f.ErrorRate, 'g', -1, 64))
	}
	if f.Status != 0 {
		b = append(b, "status="+strconv.Itoa(f.Status))
	}
	if f.RetryAfter > 0 {
		b = append(b, "retry-after="+f.RetryAfter.String())
	}
	if f.Drop {
		b = append(b, "drop")
	}
	if f.Applied {
		b = append(b, "applied")
	}
	if f.Latency > 0 {
		b = append(b, "latency="+f.Latency.String())
	}
	if f.Jitter > 0 {
		b = append(b, "jitter="+f.Jitter.String())
	}
	return strings.Join(b, " ")
}

func isMethod(m string) bool {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return true
	}
	return false
}

// ParseFaults reads faults separated by ";" (the environment's form).
func ParseFaults(text string) ([]Fault, error) {
	var out []Fault
	for _, part := range strings.Split(text, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		f, err := ParseFault(part)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// The settings' names: each flag, and AULA_SANDBOX_ + the name in upper
// case with _ for - as the demo's variable (AULA_SANDBOX_RATE_LIMIT).
const (
	nameLatency   = "latency"
	nameJitter    = "jitter"
	nameFault     = "fault"
	nameRateLimit = "rate-limit"
	nameProfile   = "profile"
	nameSeed      = "seed"
)

// EnvName is the demo-mode variable of a setting's flag name (-fault is
// AULA_SANDBOX_FAULTS, faults separated by ";").
func EnvName(flagName string) string {
	if flagName == nameFault {
		flagName = "faults"
	}
	return "AULA_SANDBOX_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// set parses one setting's value into s; the error does not name the
// setting (the caller does).
func (s *Settings) set(name, v string) error {
	v = strings.TrimSpace(v)
	var err error
	switch name {
	case nameLatency, nameJitter:
		d, perr := time.ParseDuration(v)
		if perr != nil || d < 0 {
			return fmt.Errorf("%q is not a duration such as 50ms or 1s", v)
		}
		if name == nameLatency {
			s.Latency = d
		} else {
			s.Jitter = d
		}
	case nameFault:
		f, ferr := ParseFault(v)
		if ferr != nil {
			return ferr
		}
		s.Faults = append(s.Faults, f)
	case "faults":
		fs, ferr := ParseFaults(v)
		if ferr != nil {
			return ferr
		}
		s.Faults = append(s.Faults, fs...)
	case nameRateLimit:
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 {
			return fmt.Errorf("%q is not a number of requests per minute (0 for no limit)", v)
		}
		s.RateLimit = n
	case nameProfile:
		s.Profile, err = ParseProfile(v)
		if err != nil {
			return fmt.Errorf("%q is not a profile: use demo or large", v)
		}
	case nameSeed:
		n, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		s.Seed = n
	}
	return nil
}

// RegisterFlags adds -latency, -jitter, -fault (repeatable), -rate-limit,
// -profile and -seed to fs, parsed into s (which keeps its values as
// defaults). flag's own message names the flag of a wrong value.
func (s *Settings) RegisterFlags(fs *flag.FlagSet) {
	fs.Func(nameLatency, "latency of every request, such as 50ms", func(v string) error { return s.set(nameLatency, v) })
	fs.Func(nameJitter, "plus a random share of this, such as 20ms", func(v string) error { return s.set(nameJitter, v) })
	fs.Func(nameFault, "a fault to inject (repeatable): "+FaultSyntax, func(v string) error { return s.set(nameFault, v) })
	fs.Func(nameRateLimit, "requests per minute per token, answered 429 beyond (0: no limit)", func(v string) error { return s.set(nameRateLimit, v) })
	fs.Func(nameProfile, "data profile: demo or large (default demo)", func(v string) error { return s.set(nameProfile, v) })
	fs.Func(nameSeed, "seed of the generated data (default 1)", func(v string) error { return s.set(nameSeed, v) })
}

// SettingError is a wrong value of one setting; Name is its flag or variable.
type SettingError struct {
	Name string
	Err  error
}

func (e *SettingError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *SettingError) Unwrap() error { return e.Err }

// SettingsFromEnv reads AULA_SANDBOX_LATENCY, _JITTER, _FAULTS (faults
// separated by ";"), _RATE_LIMIT, _PROFILE and _SEED through getenv. It
// reports every wrong value, each with its variable's name.
func SettingsFromEnv(getenv func(string) string) (Settings, []*SettingError) {
	s := DefaultSettings()
	var errs []*SettingError
	for _, name := range []string{nameLatency, nameJitter, "faults", nameRateLimit, nameProfile, nameSeed} {
		env := EnvName(name)
		v := getenv(env)
		if strings.TrimSpace(v) == "" {
			continue
		}
		if err := s.set(name, v); err != nil {
			errs = append(errs, &SettingError{Name: env, Err: err})
		}
	}
	return s, errs
}
