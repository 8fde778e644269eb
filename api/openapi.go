package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/rubric/marking"
)

// The OpenAPI document is written here, by hand and apart from the router,
// so that a test comparing the two catches an undocumented route or a
// documented path that is not served.

type param struct {
	name, in, desc, typ string
	required            bool
}

type operation struct {
	method, path, tag, summary, desc string
	public                           bool
	roles                            string
	params                           []param
	body                             string // schema name of the JSON body
	status                           int
	result                           string // schema name; "" for no body
	media                            string // media type of the result; default application/json
	errors                           []int
	// lti marks the LMS integration's routes, served only when it is on.
	lti bool
	// form names the form fields of an HTML form post (the LTI browser
	// endpoints); their errors are HTML pages, not problem+json.
	form []param
	html bool
}

var (
	pID         = param{"id", "path", "The resource's id.", "string", true}
	pOffsetsQry = param{"offsets", "query", "Offset unit for findings and dates: utf8 (bytes, default) or utf16.", "string", false}
	pAssignment = param{"assignment", "query", "Only this assignment's submissions.", "string", false}
	pLatest     = param{"latest", "query", "true: only each student's latest draft per assignment.", "boolean", false}
	pReviewed   = param{"reviewed", "query", "true: only reviewed submissions.", "boolean", false}
	pLoginForm  = []param{
		{"iss", "form", "The LMS's issuer.", "string", true},
		{"login_hint", "form", "Opaque; passed back to the LMS.", "string", true},
		{"target_link_uri", "form", "Where the launch is going.", "string", true},
		{"client_id", "form", "Clio's client id in the LMS; needed when several registrations share the issuer.", "string", false},
		{"lti_deployment_id", "form", "The deployment.", "string", false},
		{"lti_message_hint", "form", "Opaque; passed back to the LMS.", "string", false},
	}
)

const (
	staffRoles   = "admin, tutor, integration"
	teacherRoles = "admin, tutor"
	adminRole    = "admin"
	anyRole      = "any"
)

var operations = []operation{
	{method: "GET", path: "/healthz", tag: "service", summary: "Liveness: the process is serving.", public: true, status: 200, result: "Status"},
	{method: "GET", path: "/readyz", tag: "service", summary: "Readiness: the database is reachable and the server is not shutting down.", public: true, status: 200, result: "Status", errors: []int{503}},
	{method: "GET", path: "/metrics", tag: "service", summary: "Prometheus metrics: requests by route and status, latency, marking time, essays marked.", public: true, status: 200, media: "text/plain"},
	{method: "GET", path: "/openapi.json", tag: "service", summary: "This document.", public: true, status: 200, result: "OpenAPI"},

	{method: "POST", path: "/v1/feedback", tag: "marking", roles: anyRole, summary: "Mark an essay without storing it.",
		desc: "Returns the report (design.md, version 1). For integrations that keep their own records.",
		body: "FeedbackRequest", status: 200, result: "Report", errors: []int{400, 413, 415, 422, 429, 503}},
	{method: "GET", path: "/v1/me", tag: "people", roles: anyRole, summary: "The caller's user, organisation and key.", status: 200, result: "Me"},

	{method: "GET", path: "/v1/organisation", tag: "people", roles: anyRole, summary: "The caller's organisation.", status: 200, result: "Organisation"},
	{method: "POST", path: "/v1/organisations", tag: "people", roles: "admin of the operator organisation",
		summary: "Create an organisation with its first admin; the admin's key is returned once.",
		body:    "OrganisationRequest", status: 201, result: "OrganisationCreated", errors: []int{400, 403, 415, 422}},

	{method: "POST", path: "/v1/users", tag: "people", roles: adminRole, summary: "Create a user (admin, tutor, student or integration).",
		body: "UserRequest", status: 201, result: "User", errors: []int{400, 403, 415, 422}},
	{method: "GET", path: "/v1/users", tag: "people", roles: staffRoles, summary: "List the organisation's users.",
		params: []param{{"role", "query", "Only users with this role.", "string", false}}, status: 200, result: "UserList", errors: []int{403, 422}},
	{method: "GET", path: "/v1/users/{id}", tag: "people", roles: anyRole + " (a student sees only themself)", summary: "Read a user.",
		params: []param{pID}, status: 200, result: "User", errors: []int{404}},
	{method: "DELETE", path: "/v1/users/{id}", tag: "people", roles: adminRole,
		summary: "Erase a student: the user and every draft, review, key, sign-in code, LMS id, queued grade and webhook delivery of theirs, in one transaction.",
		desc:    "For an erasure request. The markbook keeps an anonymous row per assignment saying how many drafts were deleted. Only students can be erased.",
		params:  []param{pID}, status: 200, result: "Erasure", errors: []int{403, 404}},
	{method: "GET", path: "/v1/users/{id}/export", tag: "people", roles: adminRole,
		summary: "Everything Clio holds about a student, as JSON: the user, keys, every draft with its text, report and review, sign-in records and the LMS's records.",
		desc:    "For a subject access request; GET /v1/users/{id}/essays gives the essays as plain text.",
		params:  []param{pID}, status: 200, result: "StudentExport", errors: []int{403, 404}},
	{method: "GET", path: "/v1/users/{id}/essays", tag: "people", roles: adminRole, summary: "A student's essays as plain text, oldest first, each under a header.",
		params: []param{pID}, status: 200, media: "text/plain", errors: []int{403, 404}},
	{method: "POST", path: "/v1/users/{id}/keys", tag: "people", roles: adminRole, summary: "Create an API key for a user; the secret is returned once.",
		params: []param{pID}, body: "KeyRequest", status: 201, result: "Key", errors: []int{403, 404, 415, 422}},
	{method: "GET", path: "/v1/keys", tag: "people", roles: adminRole, summary: "List the organisation's keys (never their secrets).", status: 200, result: "KeyList", errors: []int{403}},
	{method: "DELETE", path: "/v1/keys/{id}", tag: "people", roles: adminRole, summary: "Revoke a key. It stops working at once.",
		params: []param{pID}, status: 204, errors: []int{403, 404}},

	{method: "POST", path: "/v1/assignments", tag: "assignments", roles: teacherRoles, summary: "Set an assignment: question, rubric, topic, class, due date.",
		body: "AssignmentRequest", status: 201, result: "Assignment", errors: []int{400, 403, 415, 422}},
	{method: "GET", path: "/v1/assignments", tag: "assignments", roles: anyRole, summary: "List assignments.",
		params: []param{{"class", "query", "Only this class's assignments.", "string", false}}, status: 200, result: "AssignmentList"},
	{method: "GET", path: "/v1/assignments/{id}", tag: "assignments", roles: anyRole, summary: "Read an assignment.",
		params: []param{pID}, status: 200, result: "Assignment", errors: []int{404}},

	{method: "POST", path: "/v1/submissions", tag: "submissions", roles: anyRole + " (students for themselves; others name student_id)",
		summary: "Submit a draft: Clio marks it and stores the text, report and versions.",
		desc:    "Drafts by one student for one assignment are numbered; from the second on, change says how the level, mark and criteria moved.",
		body:    "SubmissionRequest", status: 201, result: "Submission", errors: []int{400, 403, 404, 413, 415, 422, 429, 503}},
	{method: "GET", path: "/v1/submissions", tag: "submissions", roles: anyRole + " (a student sees only their own)", summary: "List submissions, newest first, without text and report.",
		params: []param{{"student", "query", "Only this student's.", "string", false}, pAssignment,
			{"limit", "query", "At most this many (1 to 500, default 100).", "integer", false}},
		status: 200, result: "SubmissionList", errors: []int{403, 422}},
	{method: "GET", path: "/v1/submissions/{id}", tag: "submissions", roles: anyRole + " (a student sees only their own)", summary: "Read a submission with its text, report and review.",
		params: []param{pID, pOffsetsQry}, status: 200, result: "Submission", errors: []int{404, 422}},
	{method: "GET", path: "/v1/submissions/{id}/revisions", tag: "submissions", roles: anyRole + " (a student sees only their own)",
		summary: "The revision history: every draft by the same student for the same assignment, with the change between drafts.",
		params:  []param{pID}, status: 200, result: "Revisions", errors: []int{404}},
	{method: "PUT", path: "/v1/submissions/{id}/review", tag: "review", roles: teacherRoles,
		summary: "Accept or override Clio's suggested level and mark, with a comment. Reviewing again replaces the review.",
		params:  []param{pID}, body: "ReviewRequest", status: 200, result: "Review", errors: []int{400, 403, 404, 415, 422}},
	{method: "GET", path: "/v1/submissions/{id}/review", tag: "review", roles: anyRole + " (a student sees only their own)", summary: "Read a submission's review.",
		params: []param{pID}, status: 200, result: "Review", errors: []int{404}},
	{method: "GET", path: "/v1/reviews", tag: "review", roles: staffRoles, summary: "List reviewed submissions with suggested and final marks (reviewed=false lists all).",
		params: []param{pAssignment, pLatest, pReviewed}, status: 200, result: "ReviewList", errors: []int{403, 422}},
	{method: "GET", path: "/v1/reviews/export", tag: "review", roles: staffRoles,
		summary: "The markbook as CSV, one row per submission: student, assignment, suggested and final mark, level, reviewer.",
		params:  []param{pAssignment, pLatest, pReviewed}, status: 200, media: "text/csv", errors: []int{403, 422}},

	{method: "GET", path: "/v1/rubrics", tag: "catalogue", roles: anyRole, summary: "List built-in rubrics and the organisation's own.", status: 200, result: "RubricList"},
	{method: "GET", path: "/v1/rubrics/{id}", tag: "catalogue", roles: anyRole, summary: "Read a rubric: levels, bands and criteria.",
		params: []param{pID}, status: 200, result: "Rubric", errors: []int{404}},
	{method: "POST", path: "/v1/rubrics", tag: "catalogue", roles: adminRole, summary: "Upload a custom rubric; it is validated (bands contiguous, weights summing to 1).",
		body: "Rubric", status: 201, result: "RubricSummary", errors: []int{400, 403, 409, 415, 422}},
	{method: "GET", path: "/v1/topics", tag: "catalogue", roles: anyRole, summary: "List the topic packs.", status: 200, result: "TopicList"},
	{method: "GET", path: "/v1/topics/{id}", tag: "catalogue", roles: anyRole, summary: "Read a topic pack: people, events, terms and question guides.",
		params: []param{pID}, status: 200, result: "Topic", errors: []int{404}},

	{method: "GET", path: "/lti/login", tag: "lti", lti: true, public: true, html: true, form: pLoginForm,
		summary: "LTI 1.3 login initiation (OpenID Connect third-party login), called by the LMS.",
		desc:    "Parameters in the query string. Remembers a one-time state and nonce, binds them to the browser with a cookie and redirects to the LMS's authorisation endpoint.",
		status:  302, errors: []int{400}},
	{method: "POST", path: "/lti/login", tag: "lti", lti: true, public: true, html: true, form: pLoginForm,
		summary: "LTI 1.3 login initiation, as a form post.", status: 302, errors: []int{400}},
	{method: "POST", path: "/lti/launch", tag: "lti", lti: true, public: true, html: true,
		form:    []param{{"id_token", "form", "The LMS's signed id_token.", "string", true}, {"state", "form", "The state Clio sent with the login.", "string", true}},
		summary: "LTI 1.3 launch: the LMS posts its signed id_token here.",
		desc:    "A resource-link launch redirects (303) to /lti/land with a one-time launch token; a deep-linking request shows the assignment picker (200, HTML). Every failure is an HTML page with a reference code, and no one is signed in.",
		status:  303, media: "text/html", errors: []int{400, 403, 502}},
	{method: "GET", path: "/lti/jwks", tag: "lti", lti: true, public: true, summary: "Clio's public signing keys (JSON Web Key Set) for the LMS.",
		status: 200, result: "JWKS"},
	{method: "POST", path: "/lti/deep-link", tag: "lti", lti: true, public: true, html: true,
		form: []param{{"session", "form", "The signed session from the picker.", "string", true},
			{"assignment", "form", "An existing assignment's id.", "string", false}, {"title", "form", "Or the title of a new assignment.", "string", false}},
		summary: "A tutor's choice in the deep-linking picker; answers with a form that posts the signed deep-linking response back to the LMS.",
		status:  200, media: "text/html", errors: []int{400}},
	{method: "GET", path: "/lti/land", tag: "lti", lti: true, public: true, html: true,
		params:  []param{{"launch", "query", "The one-time launch token (two minutes).", "string", true}},
		summary: "Where a launch lands: checks the launch token and sends a student to the assignment, a tutor to the review queue.",
		desc:    "With the web pages' session hand-off configured it redirects (303); otherwise it shows who was signed in with a link to the page.",
		status:  200, media: "text/html", errors: []int{400}},

	{method: "GET", path: "/v1/lti/config", tag: "lti", lti: true, roles: adminRole, summary: "The URLs to enter in the LMS.", status: 200, result: "LTIConfig", errors: []int{403}},
	{method: "GET", path: "/v1/lti/platforms", tag: "lti", lti: true, roles: adminRole, summary: "List the organisation's LMS registrations.", status: 200, result: "LTIPlatformList", errors: []int{403}},
	{method: "POST", path: "/v1/lti/platforms", tag: "lti", lti: true, roles: adminRole, summary: "Register an LMS (issuer, client id, deployment ids, its keyset, authorisation and token URLs).",
		body: "LTIPlatformRequest", status: 201, result: "LTIPlatform", errors: []int{400, 403, 409, 422}},
	{method: "GET", path: "/v1/lti/platforms/{id}", tag: "lti", lti: true, roles: adminRole, summary: "Read an LMS registration.",
		params: []param{pID}, status: 200, result: "LTIPlatform", errors: []int{403, 404}},
	{method: "PUT", path: "/v1/lti/platforms/{id}", tag: "lti", lti: true, roles: adminRole, summary: "Change an LMS registration.",
		params: []param{pID}, body: "LTIPlatformRequest", status: 200, result: "LTIPlatform", errors: []int{400, 403, 404, 409, 422}},
	{method: "DELETE", path: "/v1/lti/platforms/{id}", tag: "lti", lti: true, roles: adminRole, summary: "Remove an LMS registration; its launches stop working.",
		params: []param{pID}, status: 204, errors: []int{403, 404}},
	{method: "POST", path: "/v1/lti/platforms/{id}/roster", tag: "lti", lti: true, roles: adminRole,
		summary: "Read a course's roster from the LMS (Names and Role Provisioning Services) and find or create a Clio student for each active learner.",
		desc:    "The course must have launched Clio at least once, which tells Clio its memberships URL. 503 when the LMS fails to answer.",
		params:  []param{pID}, body: "LTIRosterRequest", status: 200, result: "LTIRoster", errors: []int{400, 403, 404, 422, 503}},
	{method: "POST", path: "/v1/lti/keys/rotate", tag: "lti", lti: true, roles: adminRole,
		summary: "Make a new signing key current; the previous one stays published until the next rotation.", status: 200, result: "LTIKey", errors: []int{403}},
	{method: "GET", path: "/v1/lti/webhooks", tag: "lti", lti: true, roles: adminRole, summary: "List the organisation's webhooks (without secrets).", status: 200, result: "WebhookList", errors: []int{403}},
	{method: "POST", path: "/v1/lti/webhooks", tag: "lti", lti: true, roles: adminRole,
		summary: "Add a webhook for submission.marked and review.completed; the signing secret is returned once.",
		body:    "WebhookRequest", status: 201, result: "Webhook", errors: []int{400, 403, 422}},
	{method: "DELETE", path: "/v1/lti/webhooks/{id}", tag: "lti", lti: true, roles: adminRole, summary: "Remove a webhook.",
		params: []param{pID}, status: 204, errors: []int{403, 404}},
	{method: "GET", path: "/v1/lti/webhooks/{id}/deliveries", tag: "lti", lti: true, roles: adminRole, summary: "A webhook's delivery log, with every attempt.",
		params: []param{pID}, status: 200, result: "DeliveryList", errors: []int{403, 404}},
	{method: "GET", path: "/v1/lti/scores", tag: "lti", lti: true, roles: adminRole, summary: "The grade queue: each score for the LMS, its status, attempts and last error.",
		status: 200, result: "ScoreList", errors: []int{403}},
}

// Schema helpers.
func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
func str(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
func strEnum(desc string, vals ...string) map[string]any {
	return map[string]any{"type": "string", "description": desc, "enum": vals}
}
func intg(desc string) map[string]any { return map[string]any{"type": "integer", "description": desc} }
func num(desc string) map[string]any  { return map[string]any{"type": "number", "description": desc} }
func boolean(desc string) map[string]any {
	return map[string]any{"type": "boolean", "description": desc}
}
func timeStr(desc string) map[string]any {
	return map[string]any{"type": "string", "format": "date-time", "description": desc}
}
func arr(items map[string]any) map[string]any { return map[string]any{"type": "array", "items": items} }
func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// strict marks a request schema: unknown fields are refused.
func strict(o map[string]any) map[string]any {
	o["additionalProperties"] = false
	return o
}

func schemas() map[string]any {
	levelMark := obj(map[string]any{"level": intg(""), "mark": intg("")}, "level", "mark")
	return map[string]any{
		"Status":  obj(map[string]any{"status": str("ok or ready")}, "status"),
		"OpenAPI": map[string]any{"type": "object", "description": "An OpenAPI 3.1 document."},
		"Problem": obj(map[string]any{
			"type":       str("A stable URI per kind of error: " + strings.Join(problemTypes(), ", ")),
			"title":      str("A fixed summary of the kind."),
			"status":     intg("The HTTP status."),
			"detail":     str("What went wrong with this request, for people."),
			"instance":   str("The request path."),
			"field":      str("The request field at fault, if one is."),
			"request_id": str("The request id, also in the X-Request-ID header and the server's logs."),
		}, "type", "title", "status"),
		"FeedbackRequest": strict(obj(map[string]any{
			"text":     str("The essay, UTF-8."),
			"question": str("The essay question."),
			"rubric":   str("Rubric id (GET /v1/rubrics); default aqa-a-level-essay-25."),
			"topic":    str("Topic pack id (GET /v1/topics); default: detected."),
			"locale":   strEnum("Spelling locale.", "en-GB", "en-US"),
			"offsets":  strEnum("Offset unit of findings and dates.", "utf8", "utf16"),
		}, "text")),
		"Finding": obj(map[string]any{
			"id": str(""), "analyzer": str(""), "code": str("Stable dotted code, e.g. spelling.misspelled."),
			"severity": strEnum("", "error", "warning", "info", "strength"),
			"start":    intg("Offset of the first byte (or UTF-16 unit)."), "end": intg("Offset just past the end."),
			"text": str("The essay's text at start:end."), "message": str(""), "suggestions": arr(str("")),
			"paragraph": intg("Paragraph index, or -1 for the whole essay."),
			"data":      map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
		}, "id", "code", "severity", "start", "end", "text", "message"),
		"Date": obj(map[string]any{
			"id": str(""), "text": str(""), "start": intg(""), "end": intg(""),
			"value": str("ISO-like: 1922, 1924/1929, 1920s, 15xx, 1066-10-14, --12-20."),
			"from":  str(""), "to": str(""), "event": str(""),
			"verdict": strEnum("", "consistent", "conflict", "out-of-period", "unknown"),
		}, "id", "start", "end", "value", "verdict"),
		"Criterion": obj(map[string]any{
			"id": str(""), "name": str(""), "score": num("0 to 1."), "level": intg(""), "comment": str(""), "findings": arr(str("Finding ids.")),
		}, "id", "score", "level"),
		"Report": obj(map[string]any{
			"version": str("Report contract version: 1."),
			"rubric":  obj(map[string]any{"id": str(""), "name": str(""), "max_mark": intg("")}),
			"question": obj(map[string]any{"text": str(""), "command": str(""), "factor": str(""), "key_terms": arr(str("")), "topic": str(""), "period": obj(map[string]any{"from": intg("0 when the question gives only an end year."), "to": intg("")}),
				"claim": str("The view the student must judge, as a proposition."), "focus": str("What the factor is weighed against, or the sources read for."),
				"items": arr(str("Things to choose between or compare.")), "stimulus": arr(str("Points the question offers.")),
				"materials": arr(str("Labels of sources or extracts named.")), "material_count": intg(""),
				"task_type": str("essay, sources, interpretations or short-answer."), "qualification": str("a-level or gcse."),
				"form": str("The board's question form, when recognisable."), "marks": intg("Marks the question states.")}),
			"level": intg(""), "max_level": intg(""), "mark": intg(""), "max_mark": intg(""),
			"confidence": num("0 to 1."), "borderline": boolean(""),
			"criteria": arr(ref("Criterion")), "findings": arr(ref("Finding")), "dates": arr(ref("Date")),
			"feedback": obj(map[string]any{"summary": str(""), "www": arr(str("What went well.")), "ebi": arr(str("Even better if.")), "next_level": str("")}),
			"stats":    obj(map[string]any{"words": intg(""), "sentences": intg(""), "paragraphs": intg(""), "elapsed_ms": num("")}),
			"versions": obj(map[string]any{"clio": str(""), "analyzers": arr(str("")), "rubric": str("")}),
			"offsets":  strEnum("Present, as utf16, when offsets were converted.", "utf16"),
			"calibration": obj(map[string]any{"set": str(""), "n": intg("Essays the profile was fitted on."), "cv_qwk": num(""),
				"predicted": num("The profile's estimate before rounding."), "min_mark": intg(""), "max_mark": intg("")}),
		}, "version", "rubric", "level", "mark", "max_mark", "criteria", "findings", "dates", "feedback", "stats"),
		"Organisation":        obj(map[string]any{"id": str(""), "name": str(""), "operator": boolean("True for the organisation created on first start, whose admins can create organisations."), "created": timeStr("")}, "id", "name"),
		"OrganisationRequest": strict(obj(map[string]any{"name": str(""), "admin_name": str(""), "admin_email": str("")}, "name")),
		"OrganisationCreated": obj(map[string]any{"organisation": ref("Organisation"), "admin": ref("User"), "key": ref("Key")}),
		"User": obj(map[string]any{"id": str(""), "organisation_id": str(""), "name": str(""), "email": str(""),
			"role": strEnum("", "admin", "tutor", "student", "integration"), "created": timeStr("")}, "id", "name", "role"),
		"UserRequest": strict(obj(map[string]any{"name": str(""), "email": str(""), "role": strEnum("", "admin", "tutor", "student", "integration")}, "name", "role")),
		"UserList":    obj(map[string]any{"users": arr(ref("User"))}),
		"Me":          obj(map[string]any{"user": ref("User"), "organisation": ref("Organisation"), "key": ref("Key")}),
		"Key": obj(map[string]any{"id": str(""), "user_id": str(""), "name": str(""), "prefix": str("The secret's first characters, to tell keys apart."),
			"created": timeStr(""), "revoked": timeStr(""), "key": str("The secret: returned only when the key is created. Send it as 'Authorization: Bearer KEY'.")}, "id", "user_id", "prefix"),
		"KeyRequest": strict(obj(map[string]any{"name": str("A label for the key.")})),
		"KeyList":    obj(map[string]any{"keys": arr(ref("Key"))}),
		"Erasure": obj(map[string]any{"id": str("The erasure's id, as in the markbook's deleted rows."), "submissions": intg(""), "reviews": intg(""),
			"api_keys": intg(""), "lms_user_ids": intg(""), "lms_grades": intg(""), "webhook_deliveries": intg(""), "erased": timeStr("")}, "id", "erased"),
		"StudentExport": obj(map[string]any{"exported": timeStr(""), "user": ref("User"), "api_keys": arr(ref("Key")),
			"submissions": arr(ref("Submission")),
			"sign_in": obj(map[string]any{"access_codes": arr(obj(map[string]any{"sha256": str(""), "created": timeStr("")})),
				"login": str(""), "signed_in_browsers": intg("")}),
			"lms": obj(map[string]any{"user_ids": arr(obj(map[string]any{"platform_id": str(""), "lms_user_id": str("")})),
				"grades": arr(obj(map[string]any{"id": str(""), "platform_id": str(""), "submission_id": str(""), "score": map[string]any{"type": "object"},
					"status": str(""), "created": timeStr(""), "done": timeStr("")})),
				"webhook_deliveries": arr(map[string]any{"type": "object"})}),
			"pending_events": intg("")}, "exported", "user", "submissions"),
		"Assignment": obj(map[string]any{"id": str(""), "title": str(""), "question": str(""), "rubric": str(""), "topic": str(""),
			"class": str(""), "due": timeStr(""), "created_by": str(""), "created": timeStr("")}, "id", "title", "question", "rubric"),
		"AssignmentRequest": strict(obj(map[string]any{"title": str(""), "question": str(""), "rubric": str("Default aqa-a-level-essay-25."),
			"topic": str(""), "class": str(""), "due": str("A date (2026-03-14, the end of that day UTC) or an RFC 3339 time.")}, "title", "question")),
		"AssignmentList": obj(map[string]any{"assignments": arr(ref("Assignment"))}),
		"SubmissionRequest": strict(obj(map[string]any{
			"student_id":    str("Required unless the caller is the student."),
			"assignment_id": str("The assignment; it sets question, rubric and topic. Omit for a free-standing submission."),
			"text":          str(""), "question": str("Free-standing only."), "rubric": str("Free-standing only."), "topic": str("Free-standing only."),
			"locale": strEnum("", "en-GB", "en-US"), "offsets": strEnum("", "utf8", "utf16"),
		}, "text")),
		"Change": obj(map[string]any{"from_draft": intg(""), "from_submission": str(""), "level": intg("Level now minus level then."),
			"mark": intg("Mark now minus mark then."), "criteria": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "number"}, "description": "Score change per criterion id."}}),
		"Submission": obj(map[string]any{"id": str(""), "student_id": str(""), "assignment_id": str(""), "draft": intg(""), "created": timeStr(""),
			"question": str(""), "rubric": str(""), "topic": str(""), "locale": str(""), "level": intg(""), "mark": intg(""), "max_mark": intg(""),
			"versions": obj(map[string]any{"clio": str(""), "analyzers": arr(str("")), "rubric": str("Rubric id and content hash.")}),
			"text":     str(""), "report": ref("Report"), "change": ref("Change"), "review": ref("Review")}, "id", "student_id", "draft", "level", "mark"),
		"SubmissionList": obj(map[string]any{"submissions": arr(ref("Submission"))}),
		"Revisions": obj(map[string]any{"student_id": str(""), "assignment_id": str(""), "drafts": arr(obj(map[string]any{
			"id": str(""), "draft": intg(""), "created": timeStr(""), "level": intg(""), "mark": intg(""), "max_mark": intg(""), "words": intg(""),
			"criteria": arr(obj(map[string]any{"id": str(""), "score": num(""), "level": intg("")})), "change": ref("Change")}))}),
		"ReviewRequest": strict(obj(map[string]any{"decision": strEnum("", "accept", "override"), "level": intg("Override only."),
			"mark": intg("Override only; within the level's band."), "comment": str("Required for an override.")}, "decision")),
		"Review": obj(map[string]any{"submission_id": str(""), "decision": strEnum("", "accept", "override"), "suggested": levelMark, "final": levelMark,
			"max_mark": intg(""), "comment": str(""), "reviewer_id": str(""), "reviewed_at": timeStr("")}, "submission_id", "decision", "suggested", "final"),
		"ReviewList": obj(map[string]any{"reviews": arr(obj(map[string]any{"submission_id": str(""), "student_id": str(""), "student": str(""),
			"assignment_id": str(""), "assignment": str(""), "draft": intg(""), "submitted": timeStr(""), "suggested": levelMark, "max_mark": intg(""),
			"review": ref("Review"), "reviewer": str(""),
			"deleted":       boolean("True for the trace of an erased student's work: no student or submission, only how many drafts were deleted and when."),
			"erased_drafts": intg(""), "erased": timeStr("")}))}),
		"Rubric": obj(map[string]any{"id": str(""), "name": str(""), "board": str(""), "paper": str(""), "question_type": str(""), "max_mark": intg(""),
			"levels":   arr(obj(map[string]any{"level": intg(""), "band": obj(map[string]any{"min": intg(""), "max": intg("")}), "descriptor": str("")})),
			"criteria": arr(obj(map[string]any{"id": str(""), "name": str(""), "weight": num(""), "description": str("")})),
			"caps":     arr(obj(map[string]any{"when": str(""), "max_level": intg(""), "reason": str("")}))}, "id", "name", "max_mark", "levels", "criteria"),
		"RubricSummary": obj(map[string]any{"id": str(""), "name": str(""), "board": str(""), "max_mark": intg(""), "max_level": intg(""),
			"custom": boolean(""), "version": str(""), "uploaded": timeStr("")}, "id", "name"),
		"RubricList": obj(map[string]any{"rubrics": arr(ref("RubricSummary"))}),
		"TopicSummary": obj(map[string]any{"id": str(""), "title": str(""), "kind": strEnum("", "topic", "guide"),
			"period": obj(map[string]any{"from": intg(""), "to": intg("")}), "people": intg(""), "events": intg(""), "terms": intg("")}, "id", "title"),
		"TopicList": obj(map[string]any{"topics": arr(ref("TopicSummary"))}),
		"Topic":     map[string]any{"type": "object", "description": "A topic pack as loaded: people, events, organisations, places, terms, historians and question guides."},

		"JWKS": obj(map[string]any{"keys": arr(obj(map[string]any{"kty": str("RSA"), "kid": str(""), "alg": str("RS256"), "use": str("sig"),
			"n": str(""), "e": str("")}))}, "keys"),
		"LTIConfig": obj(map[string]any{"tool_url": str("Tool URL / target link URI."), "login_initiation_url": str(""),
			"redirection_uris": arr(str("")), "public_keyset_url": str(""), "deep_linking_url": str(""), "custom_parameters": str(""),
			"signature_method": str(""), "webhook_signature": str("How webhooks are signed."), "launch_token_audience": str("")}),
		"LTIPlatformRequest": strict(obj(map[string]any{"name": str(""), "issuer": str("The LMS's issuer (platform id)."), "client_id": str("Clio's client id in the LMS."),
			"deployment_ids": arr(str("")), "jwks_url": str("The LMS's public keyset URL (https)."), "auth_url": str("The LMS's OIDC authorisation URL (https)."),
			"token_url": str("The LMS's access token URL (https)."), "audience": str("aud of Clio's token requests; default token_url."),
			"auth_method": strEnum("How the browser is sent to auth_url: get (a redirect, the default) or post (an auto-submitting form).", "get", "post")},
			"issuer", "client_id", "deployment_ids", "jwks_url", "auth_url", "token_url")),
		"LTIPlatform": obj(map[string]any{"id": str(""), "org_id": str(""), "name": str(""), "issuer": str(""), "client_id": str(""),
			"deployment_ids": arr(str("")), "jwks_url": str(""), "auth_url": str(""), "token_url": str(""), "audience": str(""), "auth_method": str(""), "created": timeStr("")},
			"id", "issuer", "client_id", "deployment_ids"),
		"LTIRosterRequest": strict(obj(map[string]any{"context_id": str("The LMS's id of the course.")}, "context_id")),
		"LTIRoster": obj(map[string]any{"context_id": str(""), "members": intg("Members the LMS listed."),
			"created": intg("Learners given a new Clio student."), "matched": intg("Learners already linked to a Clio student."),
			"skipped": intg("Teaching staff, and members the LMS marks inactive or deleted.")}, "context_id", "members", "created", "matched", "skipped"),
		"LTIPlatformList": obj(map[string]any{"platforms": arr(ref("LTIPlatform"))}),
		"LTIKey":          obj(map[string]any{"kid": str("The new key's id.")}, "kid"),
		"WebhookRequest":  strict(obj(map[string]any{"url": str("https URL (plain http only on loopback).")}, "url")),
		"Webhook": obj(map[string]any{"id": str(""), "org_id": str(""), "url": str(""), "created": timeStr(""),
			"secret": str("The HMAC-SHA256 signing secret: returned only when the webhook is created.")}, "id", "url"),
		"WebhookList": obj(map[string]any{"webhooks": arr(ref("Webhook"))}),
		"DeliveryList": obj(map[string]any{"deliveries": arr(obj(map[string]any{"id": str(""), "webhook_id": str(""), "org_id": str(""),
			"event": strEnum("", "submission.marked", "review.completed"), "status": strEnum("", "pending", "done", "failed"), "attempts": intg(""),
			"next_attempt": timeStr(""), "last_error": str(""), "last_status_code": intg(""), "created": timeStr(""), "done": timeStr(""),
			"attempt_log": arr(obj(map[string]any{"job_id": str(""), "attempt": intg(""), "at": timeStr(""), "status_code": intg(""), "error": str("")}))}))}),
		"ScoreList": obj(map[string]any{"scores": arr(obj(map[string]any{"id": str(""), "platform_id": str(""), "resource_link_id": str(""),
			"submission_id": str(""), "score": map[string]any{"type": "object", "description": "The AGS score as sent to the LMS."},
			"status": strEnum("", "pending", "done", "failed"), "attempts": intg(""), "next_attempt": timeStr(""), "last_error": str(""),
			"created": timeStr(""), "done": timeStr("")}))}),
	}
}

func problemTypes() []string {
	var out []string
	for _, k := range problem.Kinds() {
		out = append(out, fmt.Sprintf("%s (%d)", k.Type(), k.Status()))
	}
	return out
}

func statusText(code int) string {
	switch code {
	case 401:
		return "No key, or a key that is unknown or revoked."
	case 413:
		return "The body or essay is over its limit."
	case 415:
		return "The Content-Type is not application/json."
	case 422:
		return "A field is missing, unknown or has a bad value; the essay cannot be read."
	case 429:
		return "Too many requests for this key; see Retry-After."
	case 503:
		return "Busy or the database is unreachable; see Retry-After."
	}
	return http.StatusText(code)
}

// OpenAPI builds the document, with the LMS integration's routes.
func OpenAPI() map[string]any { return openAPI(true) }

func openAPI(withLTI bool) map[string]any {
	paths := map[string]any{}
	problemResp := func(code int) map[string]any {
		return map[string]any{"description": statusText(code),
			"content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
	}
	htmlResp := func(code int) map[string]any {
		return map[string]any{"description": http.StatusText(code) + ": an HTML page saying what went wrong, with a reference code.",
			"content": map[string]any{"text/html": map[string]any{"schema": map[string]any{"type": "string"}}}}
	}
	for _, op := range operations {
		if op.lti && !withLTI {
			continue
		}
		item, _ := paths[op.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.path] = item
		}
		o := map[string]any{"summary": op.summary, "tags": []string{op.tag},
			"operationId": strings.ToLower(op.method) + strings.NewReplacer("/", "_", "{", "", "}", "", ".", "_").Replace(op.path)}
		desc := op.desc
		if !op.public {
			desc = strings.TrimSpace(desc + " Roles: " + op.roles + ".")
		} else {
			o["security"] = []any{}
		}
		if desc != "" {
			o["description"] = desc
		}
		var params []any
		for _, p := range op.params {
			params = append(params, map[string]any{"name": p.name, "in": p.in, "required": p.required, "description": p.desc,
				"schema": map[string]any{"type": p.typ}})
		}
		if op.method == "GET" {
			for _, p := range op.form {
				params = append(params, map[string]any{"name": p.name, "in": "query", "required": p.required, "description": p.desc,
					"schema": map[string]any{"type": p.typ}})
			}
		} else if op.form != nil {
			props, req := map[string]any{}, []string{}
			for _, p := range op.form {
				props[p.name] = map[string]any{"type": p.typ, "description": p.desc}
				if p.required {
					req = append(req, p.name)
				}
			}
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/x-www-form-urlencoded": map[string]any{"schema": obj(props, req...)}}}
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.body != "" {
			o["requestBody"] = map[string]any{"required": true,
				"content": map[string]any{"application/json": map[string]any{"schema": ref(op.body)}}}
		}
		ok := map[string]any{"description": http.StatusText(op.status)}
		if op.status/100 == 3 {
			ok["headers"] = map[string]any{"Location": map[string]any{"schema": map[string]any{"type": "string"}}}
		}
		media := op.media
		if media == "" {
			media = "application/json"
		}
		switch {
		case op.result != "":
			ok["content"] = map[string]any{media: map[string]any{"schema": ref(op.result)}}
		case op.status != 204 && op.status/100 != 3:
			ok["content"] = map[string]any{media: map[string]any{"schema": map[string]any{"type": "string"}}}
		}
		resps := map[string]any{fmt.Sprint(op.status): ok}
		codes := op.errors
		if !op.public {
			codes = append(append([]int{}, codes...), 401, 429)
		}
		codes = append(codes, 500)
		for _, code := range codes {
			if op.html {
				resps[fmt.Sprint(code)] = htmlResp(code)
			} else {
				resps[fmt.Sprint(code)] = problemResp(code)
			}
		}
		o["responses"] = resps
		item[strings.ToLower(op.method)] = o
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Clio API",
			"version":     marking.Version,
			"description": "Feedback and suggested marks for A-level History essays; submissions, drafts, tutor review and the markbook. Errors are RFC 9457 problem+json.",
			"license":     map[string]any{"name": "See the Clio repository"},
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"tags": []any{
			map[string]any{"name": "marking"}, map[string]any{"name": "submissions"}, map[string]any{"name": "review"},
			map[string]any{"name": "assignments"}, map[string]any{"name": "catalogue"}, map[string]any{"name": "people"}, map[string]any{"name": "service"},
			map[string]any{"name": "lti", "description": "The LMS integration (LTI 1.3, grade passback, webhooks); served when the server has a public URL and an LTI store."},
		},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
				"description": "An API key: 'Authorization: Bearer clio_...'. Admins create keys; the first is printed on first start."}},
			"schemas": schemas(),
		},
	}
}

var (
	openAPIJSON      = sync.OnceValues(func() ([]byte, error) { return json.MarshalIndent(openAPI(true), "", "  ") })
	openAPIJSONNoLTI = sync.OnceValues(func() ([]byte, error) { return json.MarshalIndent(openAPI(false), "", "  ") })
)

func (s *Server) openAPIHandler(c *gin.Context) {
	doc := openAPIJSON
	if s.lti == nil {
		doc = openAPIJSONNoLTI
	}
	b, err := doc()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Render(http.StatusOK, rawJSON(b))
}

// DocumentedRoutes lists "METHOD /path" for every documented operation,
// with OpenAPI's {param} syntax; withLTI includes the LMS integration's.
func DocumentedRoutes(withLTI bool) []string {
	var out []string
	for _, op := range operations {
		if op.lti && !withLTI {
			continue
		}
		out = append(out, op.method+" "+op.path)
	}
	sort.Strings(out)
	return out
}
