package shell

import (
	"errors"
	"io/fs"
	"os/exec"
	"strings"
	"syscall"

	"github.com/gather-sp/gather/storage"
)

// NextStepper is an error that says what to do about it: ShowError gives
// its step in place of the caller's.
type NextStepper interface{ NextStep() string }

// Titler is an error that is a rule saying no (a consent withdrawn), not
// a fault: ShowError heads it with its title rather than "Something went
// wrong", which would read as a passing problem to retry.
type Titler interface{ Title() string }

// StepError is a problem in words with the step that fixes it.
type StepError struct{ Problem, Next string }

func (e StepError) Error() string    { return e.Problem }
func (e StepError) NextStep() string { return e.Next }

// PlainError says in words what went wrong, for the people who use
// Gather: never a program's own message alone.
func PlainError(err error) string {
	var execErr *exec.Error
	switch {
	case errors.Is(err, storage.ErrClosed):
		return "Gather's records on this device are closed."
	case errors.Is(err, storage.ErrLocked):
		return "Gather is already open in another window."
	case errors.As(err, &execErr), errors.Is(err, exec.ErrNotFound):
		return "This computer has no program set up to open files of this kind."
	case errors.Is(err, syscall.ENOSPC):
		return "This device is full."
	case errors.Is(err, fs.ErrPermission):
		return "Gather is not allowed to use that folder or file."
	case errors.Is(err, fs.ErrNotExist):
		return "That folder or file is not there any more."
	}
	var se StepError
	if errors.As(err, &se) {
		return se.Problem
	}
	s := err.Error()
	s = strings.TrimPrefix(s, "storage: ")
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// Sentence is PlainError as one sentence ending in a full stop, to put
// before the next step in a message.
func Sentence(err error) string { return strings.TrimRight(PlainError(err), ". ") + "." }
