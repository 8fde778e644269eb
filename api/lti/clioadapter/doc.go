// Package clioadapter implements lti.Clio over the server's store.Store and
// turns stored submissions and reviews into the events lti.Service queues,
// so wiring LTI into the server takes a few lines.
package clioadapter
