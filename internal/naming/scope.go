package naming

import "strconv"

// Scope hands out unique names within one Go scope (a package, a struct's
// fields, a function's parameters). Names are claimed in a deterministic
// order by the caller; a name already taken gets the smallest numeric suffix
// that is free ("Pet", "Pet2", "Pet3").
type Scope struct {
	taken map[string]string
}

// NewScope returns a scope with the given names already reserved (imports,
// receivers, identifiers the emitter itself uses).
func NewScope(reserved ...string) *Scope {
	s := &Scope{taken: make(map[string]string, len(reserved))}
	for _, r := range reserved {
		s.taken[r] = "reserved"
	}
	return s
}

// Claim reserves name for source and returns the name actually granted:
// name itself, or name with a numeric suffix when it is taken.
func (s *Scope) Claim(name, source string) string {
	if _, ok := s.taken[name]; !ok {
		s.taken[name] = source
		return name
	}
	for i := 2; ; i++ {
		cand := name + strconv.Itoa(i)
		if _, ok := s.taken[cand]; !ok {
			s.taken[cand] = source
			return cand
		}
	}
}

// Owner returns who claimed name, and whether it is taken.
func (s *Scope) Owner(name string) (string, bool) {
	src, ok := s.taken[name]
	return src, ok
}
