// Package streaming decodes streamed HTTP responses (Server-Sent Events,
// newline-delimited JSON and RFC 7464 JSON text sequences) and turns them into
// typed iterators.
//
// The decoders ([SSEDecoder], [NDJSONDecoder], [JSONSeqDecoder]) can be used on
// their own on any [io.Reader]. They reuse their buffers: the Data of an
// [Event] aliases decoder memory and is only valid until the next call to
// Next. In steady state they allocate nothing per event.
//
// [Stream] is what generated SDK methods return: it owns the HTTP response,
// applies the method's rule table ([Rule]) to every event, decodes the events
// it yields into the event model T, and, for SSE endpoints that allow it,
// resumes a dropped connection with Last-Event-ID. A Stream starts no
// goroutine of its own: cancellation and the idle timeout use
// [context.AfterFunc] and [time.AfterFunc], which only run a function when
// they fire.
//
// Neither decoders nor streams are safe for concurrent use; cancel the
// context to stop a stream from another goroutine.
package streaming
