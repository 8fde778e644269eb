package analysis

import (
	"errors"
	"fmt"
)

// Input errors: the text cannot be read as an essay. Each is wrapped in an
// *InputError that says where the problem is; test with errors.Is.
var (
	ErrEmpty        = errors.New("the essay is empty")
	ErrInvalidUTF8  = errors.New("the text is not valid UTF-8")
	ErrControlChar  = errors.New("the text contains a control character")
	ErrTooLong      = errors.New("the essay is too long")
	ErrWordTooLong  = errors.New("the text contains a word too long to be prose")
	ErrAnalyzerFail = errors.New("an analyzer failed")
)

// InputError is a problem with the submitted text, with the byte offset it was
// found at (or -1 when it concerns the whole text).
type InputError struct {
	Err    error
	Offset int
	Detail string
}

func (e *InputError) Error() string {
	msg := e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Offset >= 0 {
		msg += fmt.Sprintf(" (at byte %d)", e.Offset)
	}
	return msg
}

func (e *InputError) Unwrap() error { return e.Err }

// IsInputError reports whether err is a problem with the text rather than a
// failure of Clio.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}
