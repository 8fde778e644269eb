package lti

import (
	"encoding/json"
	"errors"
	"strings"
)

// Claim names and values from LTI Core 1.3, AGS 2.0 and Deep Linking 2.0.
const (
	claimMessageType  = "https://purl.imsglobal.org/spec/lti/claim/message_type"
	claimVersion      = "https://purl.imsglobal.org/spec/lti/claim/version"
	claimDeploymentID = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
	claimTargetLink   = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri"
	claimResourceLink = "https://purl.imsglobal.org/spec/lti/claim/resource_link"
	claimRoles        = "https://purl.imsglobal.org/spec/lti/claim/roles"
	claimContext      = "https://purl.imsglobal.org/spec/lti/claim/context"
	claimCustom       = "https://purl.imsglobal.org/spec/lti/claim/custom"
	claimAGSEndpoint  = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
	claimDLSettings   = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
	claimDLContent    = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
	claimDLData       = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
	claimDLMsg        = "https://purl.imsglobal.org/spec/lti-dl/claim/msg"

	MessageResourceLink        = "LtiResourceLinkRequest"
	MessageDeepLinkingRequest  = "LtiDeepLinkingRequest"
	MessageDeepLinkingResponse = "LtiDeepLinkingResponse"
	Version                    = "1.3.0"

	ScopeLineItem         = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
	ScopeLineItemReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
	ScopeScore            = "https://purl.imsglobal.org/spec/lti-ags/scope/score"

	mediaScore             = "application/vnd.ims.lis.v1.score+json"
	mediaLineItem          = "application/vnd.ims.lis.v2.lineitem+json"
	mediaLineItemContainer = "application/vnd.ims.lis.v2.lineitemcontainer+json"

	// CustomAssignment is the custom parameter Clio puts on deep-linked
	// resource links to name the Clio assignment.
	CustomAssignment = "clio_assignment_id"
)

// audience is the aud claim: one string or an array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud must be a string or an array of strings")
	}
	*a = many
	return nil
}

func (a audience) has(s string) bool {
	for _, v := range a {
		if v == s {
			return true
		}
	}
	return false
}

type resourceLinkClaim struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

type contextClaim struct {
	ID    string   `json:"id"`
	Label string   `json:"label,omitempty"`
	Title string   `json:"title,omitempty"`
	Type  []string `json:"type,omitempty"`
}

type agsClaim struct {
	Scope     []string `json:"scope"`
	LineItems string   `json:"lineitems,omitempty"`
	LineItem  string   `json:"lineitem,omitempty"`
}

type deepLinkingSettings struct {
	ReturnURL      string   `json:"deep_link_return_url"`
	AcceptTypes    []string `json:"accept_types"`
	AcceptTargets  []string `json:"accept_presentation_document_targets,omitempty"`
	AcceptMultiple *bool    `json:"accept_multiple,omitempty"`
	AutoCreate     *bool    `json:"auto_create,omitempty"`
	Title          string   `json:"title,omitempty"`
	Text           string   `json:"text,omitempty"`
	Data           string   `json:"data,omitempty"`
}

// idToken is the part of an LTI launch's id_token that Clio reads.
type idToken struct {
	Issuer    string   `json:"iss"`
	Subject   string   `json:"sub"`
	Audience  audience `json:"aud"`
	AZP       string   `json:"azp,omitempty"`
	Expires   *float64 `json:"exp"`
	IssuedAt  *float64 `json:"iat"`
	Nonce     string   `json:"nonce"`
	Name      string   `json:"name,omitempty"`
	GivenName string   `json:"given_name,omitempty"`
	Family    string   `json:"family_name,omitempty"`
	Email     string   `json:"email,omitempty"`

	MessageType  string               `json:"https://purl.imsglobal.org/spec/lti/claim/message_type"`
	Version      string               `json:"https://purl.imsglobal.org/spec/lti/claim/version"`
	DeploymentID string               `json:"https://purl.imsglobal.org/spec/lti/claim/deployment_id"`
	TargetLink   string               `json:"https://purl.imsglobal.org/spec/lti/claim/target_link_uri"`
	ResourceLink *resourceLinkClaim   `json:"https://purl.imsglobal.org/spec/lti/claim/resource_link,omitempty"`
	Roles        *[]string            `json:"https://purl.imsglobal.org/spec/lti/claim/roles"`
	Context      *contextClaim        `json:"https://purl.imsglobal.org/spec/lti/claim/context,omitempty"`
	Custom       map[string]any       `json:"https://purl.imsglobal.org/spec/lti/claim/custom,omitempty"`
	AGS          *agsClaim            `json:"https://purl.imsglobal.org/spec/lti-ags/claim/endpoint,omitempty"`
	DeepLinking  *deepLinkingSettings `json:"https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings,omitempty"`
	NRPS         *nrpsClaim           `json:"https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice,omitempty"`
}

func (t *idToken) displayName() string {
	if t.Name != "" {
		return t.Name
	}
	return strings.TrimSpace(t.GivenName + " " + t.Family)
}

func (t *idToken) custom(name string) string {
	if v, ok := t.Custom[name].(string); ok {
		return v
	}
	return ""
}

// Role is the Clio role a launch grants.
type Role string

const (
	RoleStudent Role = "student"
	RoleTutor   Role = "tutor"
)

// roleFromLTI maps LTI roles to a Clio role. Teaching roles in the course
// (instructor, teaching assistant, content developer) and
// administrators make a tutor; anything else, including no role at all,
// makes a student. An LMS never makes a Clio admin: Clio admins hold API
// keys.
func roleFromLTI(roles []string) Role {
	for _, r := range roles {
		name := r
		if i := strings.LastIndexByte(name, '#'); i >= 0 {
			name = name[i+1:]
		} else if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		switch name {
		case "Instructor", "TeachingAssistant", "ContentDeveloper", "Administrator":
			// Only the context, institution and system vocabularies, or
			// the deprecated short forms, count; any other URI is unknown.
			if !strings.Contains(r, "://") || strings.HasPrefix(r, "http://purl.imsglobal.org/vocab/lis/v2/") {
				return RoleTutor
			}
		}
	}
	return RoleStudent
}
