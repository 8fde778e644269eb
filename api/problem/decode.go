package problem

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// ReadJSON reads a JSON request body of at most maxBody bytes, refusing a
// wrong Content-Type (415), a body over the cap (413), an empty body (400)
// and bytes that are not UTF-8 (422: encoding/json would silently replace
// them). Every error is an *Error.
func ReadJSON(w http.ResponseWriter, r *http.Request, maxBody int64) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return nil, New(UnsupportedMedia, "Send JSON with 'Content-Type: application/json' (got %q).", ct)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, New(UnsupportedMedia, "JSON must be UTF-8 (got charset %q).", cs)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, New(TooLarge, "The request body is over the limit of %d bytes.", maxBody)
		}
		return nil, &Error{Kind: BadRequest, Detail: "The request body could not be read.", Err: err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, New(BadRequest, "The request body is empty; send a JSON object.")
	}
	if !utf8.Valid(body) {
		off := 0
		for off < len(body) {
			r, n := utf8.DecodeRune(body[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, New(InvalidText, "The request body is not valid UTF-8 (bad byte at offset %d).", off)
	}
	return body, nil
}

// DecodeJSON reads a JSON request body (as ReadJSON) into dst strictly:
// unknown fields are named, type mismatches name the field, and nothing may
// follow the object. It is the one decoder of every JSON endpoint.
func DecodeJSON(w http.ResponseWriter, r *http.Request, maxBody int64, dst any) error {
	body, err := ReadJSON(w, r, maxBody)
	if err != nil {
		return err
	}
	return Decode(body, dst)
}

// Decode reads body into dst strictly, as DecodeJSON.
func Decode(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if dec.More() {
		return New(BadRequest, "Send one JSON object; there is more data after it.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return New(BadRequest, "Send one JSON object; there is more data after it.")
	}
	return nil
}

func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return New(BadRequest, "The JSON is malformed at byte %d: %v.", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return New(BadRequest, "The body must be a JSON object, not %s.", typ.Value)
		}
		return OnField(Invalid, field, "Field %q must be %s, not %s.", field, jsonTypeName(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return New(BadRequest, "The JSON ends too early.")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return OnField(UnknownField, name, "Unknown field %q. See /openapi.json for the fields this endpoint takes.", name)
	}
	return New(BadRequest, "The JSON could not be read: %v.", err)
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "int", "int64", "int32", "float64", "float32":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	}
	return fmt.Sprintf("a %s", kind)
}
