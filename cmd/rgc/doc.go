// Command rgc compiles Skipper RouteGroups into Skipper's routing table and
// checks them.
//
//	rgc compile [flags] PATH...   print the routing table, as eskip or JSON
//	rgc check [flags] PATH...     only check: print the diagnostics
//	rgc version
//	rgc help [command]
//
// The conversion flags are Skipper's own, with the same names, value
// syntax and defaults, and -config reads a Skipper-style YAML config file;
// so an operator can give rgc the settings of a Skipper deployment. Skipper
// flags that do not affect route groups are accepted and ignored; those
// that change routes in ways rgc does not model are rejected.
//
// The command is only flags → rgc.CompilePaths → rendering → exit status:
// 0 no errors, 1 some route group had errors, 2 usage error, 3 I/O error, 4
// internal error.
package main
