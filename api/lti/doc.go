// Package lti connects Clio to learning management systems: LTI 1.3 launches
// (OIDC login, id_token checks, deep linking), Assignment and Grade Services
// score passback through a durable queue, and signed webhooks for other systems.
package lti
