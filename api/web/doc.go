// Package web serves Clio's pages for students and tutors: practice and
// assignment feedback with highlighted essays, tutor login, assignments, a
// review queue and a class view. Templates and assets are embedded.
package web
