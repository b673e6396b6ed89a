package streaming

// Event is one decoded event. For SSE it carries the fields of the event
// block; for NDJSON and JSON-seq, Data is the JSON value and Type is filled by
// a [Stream] from Config.EventTypeProperty.
//
// Data aliases the decoder's buffer: it is valid until the next call to Next
// (copy it with bytes.Clone to keep it longer). ID and Type are ordinary
// strings and may be kept.
type Event struct {
	// ID is the last event ID at the time the event was dispatched. In SSE it
	// persists across events until an id field changes it.
	ID string
	// Type is the event type (the SSE event field); "" when the event had no
	// event field (browsers call that type "message").
	Type string
	// Data is the event payload: the SSE data lines joined with LF, or one
	// JSON value.
	Data []byte
	// Retry is the reconnection time in milliseconds from a retry field of
	// this event's block; 0 when the block had none (or said 0). The value
	// that persists across events is SSEDecoder.Retry.
	Retry int
}

// Decoder is the shape shared by the SSE, NDJSON and JSON-seq decoders.
//
//	for dec.Next() {
//		ev := dec.Event()
//		...
//	}
//	if err := dec.Err(); err != nil { ... }
type Decoder interface {
	// Next advances to the next event and reports whether there is one. It
	// returns as soon as an event is complete and reads no further.
	Next() bool
	// Event returns the current event; its Data is valid until Next is
	// called again.
	Event() Event
	// Err returns the error that stopped Next, or nil at a clean end of input.
	Err() error
}
