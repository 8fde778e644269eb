package api

import (
	"encoding/json"
	"net/http"

	"github.com/clio-history/clio/api/problem"
)

// problemRender writes a problem+json body.
type problemRender struct{ b problem.Body }

func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return json.NewEncoder(w).Encode(r.b)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
}

// rawJSON writes bytes that are already JSON.
type rawJSON []byte

func (r rawJSON) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	_, err := w.Write(r)
	return err
}

func (r rawJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
}
