// Package writer puts generated files on disk safely.
//
// sdkgen owns a file only when the file says so: its first line is the
// generated header for its kind (see Header). That one rule decides
// everything the writer does:
//
//   - a generated file may replace an existing file only if that file carries
//     the header; a collision with a file a person wrote is an error;
//   - files under the output directory that carry the header but are no
//     longer produced are stale and are deleted;
//   - every other file, such as a hand-written *_test.go next to generated
//     code, is never read for more than its first line, written or deleted.
//
// There is no manifest: the header travels with the file, so renaming,
// copying or committing the output keeps it correct, and there is no second
// source of truth to get out of step.
//
// Plan compares the generated files with the disk and changes nothing.
// Changes.Apply then writes every new or changed file to a temporary file
// next to its target and renames them into place only when all were written,
// so a failure leaves the directory as it was; stale files are deleted last.
// Changes.Diff renders what -check reports.
package writer
