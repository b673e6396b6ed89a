module github.com/sdkgen/sdkgen/bench

go 1.26.8

replace github.com/sdkgen/sdkgen => ../

require (
	github.com/openai/openai-go/v3 v3.96.0
	github.com/sdkgen/sdkgen v0.0.0
	github.com/tmaxmax/go-sse v0.11.0
)

require (
	github.com/tidwall/gjson v1.20.0 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
)
