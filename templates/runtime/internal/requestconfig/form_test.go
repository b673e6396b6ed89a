package requestconfig

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type formParams struct {
	Amount   int64             `json:"amount"`
	Currency string            `json:"currency"`
	Note     string            `json:"note,omitzero"`
	Expand   []string          `json:"expand,omitzero"`
	Metadata map[string]string `json:"metadata,omitzero"`
	Items    []formItem        `json:"items,omitzero"`
	File     io.Reader         `json:"file,omitzero"`
}

type formItem struct {
	Price    string `json:"price"`
	Quantity int    `json:"quantity"`
}

func TestEncodeForm(t *testing.T) {
	body, err := encodeForm(formParams{
		Amount: 2000, Currency: "usd", Expand: []string{"customer", "invoice"},
		Metadata: map[string]string{"order": "6735", "a b": "c&d"},
		Items:    []formItem{{Price: "p_1", Quantity: 2}},
	}, map[string]any{"stream": true})
	if err != nil {
		t.Fatal(err)
	}
	want := "amount=2000&currency=usd&expand=customer&expand=invoice&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2" +
		"&metadata%5Ba+b%5D=c%26d&metadata%5Border%5D=6735&stream=true"
	if string(body) != want {
		t.Fatalf("form\n got %s\nwant %s", body, want)
	}
}

func TestEncodeMultipartSendsReadersAsFiles(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "multipart/form-data" {
			t.Errorf("content type %q", mt)
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		got := map[string]string{}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			got[p.FormName()+"|"+p.FileName()] = string(b)
		}
		want := map[string]string{"amount|": "5", "currency|": "eur", "file|file": "hello", "stream|": "true"}
		if len(got) != len(want) {
			t.Errorf("parts %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("part %s = %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
	}))
	defer srv.Close()
	req := NewRequest("POST", "/upload")
	req.Body = formParams{Amount: 5, Currency: "eur", File: strings.NewReader("hello")}
	req.Encoding = EncodingMultipart
	req.BodyFields = map[string]any{"stream": true}
	if err := Do(context.Background(), req, nil, []Option{withBase(srv.URL)}); err != nil {
		t.Fatal(err)
	}
}
