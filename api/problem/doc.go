// Package problem is the API's one error type: a Kind that says what went
// wrong, mapped to an HTTP status and a stable RFC 9457 type URI in one table,
// and the problem+json body clients receive.
package problem
