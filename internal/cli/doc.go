// Package cli is the rgc command: Skipper's flag names and -config mapped
// to rgc.Options, the compile, check and serve commands, output formats and
// exit statuses. cmd/rgc is a thin main around Main; tests (and the docs'
// tests) run the command in-process through it.
//
// Exit statuses: 0 no errors, 1 some input had errors (the routes of the
// others are still printed), 2 usage error, 3 I/O error, 4 internal error.
package cli
