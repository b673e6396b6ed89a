package root

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Time is a date-time from the API. Decoding accepts what real APIs send:
// RFC 3339 with or without fractional seconds, without a zone (read as
// UTC), with a space for the T, a bare date, or Unix seconds. A value it
// cannot read decodes to the zero Time instead of failing the response (the
// model's RawJSON still has it). It encodes as RFC 3339.
type Time struct{ time.Time }

// Date is a calendar date from the API ("2006-01-02"); it decodes like Time
// and encodes as a bare date.
type Date struct{ time.Time }

// timeLayouts are tried in order.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	time.RFC1123Z,
	time.RFC1123,
	"2006-01-02",
}

// parseTime reads any of the layouts, or Unix seconds; ok is false when
// none fits.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		whole := int64(secs)
		return time.Unix(whole, int64((secs-float64(whole))*1e9)).UTC(), true
	}
	return time.Time{}, false
}

// decodeTime reads a JSON string or number; null and unreadable values give
// the zero time.
func decodeTime(data []byte) time.Time {
	data = bytes.TrimSpace(data)
	var s string
	if json.Unmarshal(data, &s) != nil {
		s = string(data)
	}
	t, _ := parseTime(s)
	return t
}

// UnmarshalJSON decodes any supported variant.
func (t *Time) UnmarshalJSON(data []byte) error {
	t.Time = decodeTime(data)
	return nil
}

// MarshalJSON encodes RFC 3339.
func (t Time) MarshalJSON() ([]byte, error) {
	return json.Marshal(t.Time.Format(time.RFC3339Nano))
}

// MarshalText encodes RFC 3339, for query and header parameters.
func (t Time) MarshalText() ([]byte, error) { return []byte(t.Time.Format(time.RFC3339Nano)), nil }

// UnmarshalText decodes any supported variant.
func (t *Time) UnmarshalText(text []byte) error {
	t.Time, _ = parseTime(string(text))
	return nil
}

// UnmarshalJSON decodes any supported variant.
func (d *Date) UnmarshalJSON(data []byte) error {
	d.Time = decodeTime(data)
	return nil
}

// MarshalJSON encodes "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.Time.Format(time.DateOnly)) }

// MarshalText encodes "2006-01-02", for query and header parameters.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.Time.Format(time.DateOnly)), nil }

// UnmarshalText decodes any supported variant.
func (d *Date) UnmarshalText(text []byte) error {
	d.Time, _ = parseTime(string(text))
	return nil
}
