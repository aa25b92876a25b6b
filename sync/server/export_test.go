package server

// WaitingPushes is how many pushes wait for the committer, for tests that
// hold it.
func (s *Store) WaitingPushes() int { return len(s.jobs) }
