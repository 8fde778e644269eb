// Package api is Clio's HTTP JSON API (Gin): stateless feedback, organisations
// and API keys, assignments, submissions with draft histories, tutor review
// and the markbook export. It only translates: marking is rubric/marking's,
// storage is api/store's.
package api
