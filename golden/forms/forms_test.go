package forms_test

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/golden/forms"
	"github.com/sdkgen/sdkgen/golden/forms/option"
)

func client(t *testing.T, h http.HandlerFunc) *forms.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return forms.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
}

func TestURLEncodedBody(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		want := "amount=0&currency=usd&expand=customer&metadata%5Border%5D=42"
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" || string(b) != want {
			t.Errorf("content type %q body %s\nwant %s", ct, b, want)
		}
		io.WriteString(w, `{"id":"ch_1","amount":0}`)
	})
	res, err := c.Charges.CreateCharge(context.Background(), forms.CreateChargeParams{
		Amount:   0, // required: sent even when zero
		Currency: "usd",
		Expand:   []string{"customer"},
		Metadata: map[string]string{"order": "42"},
	})
	if err != nil || res.ID != "ch_1" {
		t.Fatalf("res %+v err %v", res, err)
	}
}

// parts reads a multipart request into "name|filename" -> content.
func parts(t *testing.T, r *http.Request) map[string]string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("content type %q: %v", r.Header.Get("Content-Type"), err)
	}
	got := map[string]string{}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return got
		}
		b, _ := io.ReadAll(p)
		got[p.FormName()+"|"+p.FileName()] = string(b)
	}
}

func TestMultipartJSONTwinSendsNoStreamField(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		got := parts(t, r)
		if got["file|file"] != "RIFF" || got["model|"] != "whisper" || len(got) != 2 || r.Header.Get("Accept") != "application/json" {
			t.Errorf("parts %v accept %q", got, r.Header.Get("Accept"))
		}
		io.WriteString(w, `{"text":"hello"}`)
	})
	res, err := c.Transcriptions.CreateTranscription(context.Background(), forms.CreateTranscriptionParams{
		File: strings.NewReader("RIFF"), Model: "whisper",
	})
	if err != nil || res.Text != "hello" {
		t.Fatalf("res %+v err %v", res, err)
	}
}

func TestMultipartStreamingTwinSetsTheFormField(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		got := parts(t, r)
		if got["stream|"] != "true" || got["language|"] != "en" || r.Header.Get("Accept") != "text/event-stream" {
			t.Errorf("parts %v accept %q", got, r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, d := range []string{"hel", "lo"} {
			fmt.Fprintf(w, "data: {\"delta\":%q}\n\n", d)
		}
		io.WriteString(w, "data: [DONE]\n\n")
	})
	stream, err := c.Transcriptions.CreateTranscriptionStreaming(context.Background(), forms.CreateTranscriptionParams{
		File: strings.NewReader("RIFF"), Model: "whisper", Language: forms.String("en"),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var text strings.Builder
	for ev, err := range stream.All() {
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(ev.Delta)
	}
	if text.String() != "hello" {
		t.Fatalf("text %q", text.String())
	}
}
