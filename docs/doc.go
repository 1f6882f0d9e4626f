// Package docs holds rgc's documentation: the Markdown files in this
// directory, linked from the README. It has no code; its tests keep the
// documentation honest:
//
//   - every fenced yaml block in docs/*.md and README.md that holds a
//     RouteGroup is compiled with the library, with the command line of the
//     <!-- rgc: ... --> comment just before it; a following eskip block is
//     its expected routing table and a following text block its expected
//     diagnostics (go test ./docs -update rewrites both). The same examples
//     are run through the rgc command, whose output must match the blocks
//     byte for byte (skipped with -short);
//   - the diagnostic codes documented in diagnostics.md are exactly those
//     declared in diag/codes.go, each with an example that
//     produces it or a stated reason why there is none;
//   - the flags documented in manual.md and serve.md are exactly those
//     cmd/rgc and rgc serve register;
//   - relative links and their anchors resolve, and architecture.md lists
//     exactly the passes of passes/pipeline.go;
//   - every package has a package comment and every exported identifier a
//     doc comment.
package docs
