package tokenclient

import (
	"encoding/json"
	"strconv"
)

// The field orders public clients send.
var (
	// orderYtDlp is yt-dlp's: {**_CLIENT_DATA, **_ACCOUNT_INFO}, where
	// _CLIENT_DATA ends with peacockUUID and _ACCOUNT_INFO gains the
	// refreshToken after the first call.
	orderYtDlpIssue   = []string{"clientKey", "clientSecret", "deviceId", "deviceInfo", "networkType", "peacockUUID", "signatureTimestamp", "uid", "uidSignature"}
	orderYtDlpRefresh = append(append([]string(nil), orderYtDlpIssue...), "refreshToken")
	// orderGriddyRefresh is griddy's: {**refresh_req_data, "refreshToken": ...}.
	orderGriddyRefresh = []string{"clientKey", "clientSecret", "deviceId", "deviceInfo", "networkType", "peacockUUID", "refreshToken"}
	// orderEPlusTVRefresh is EPlusTV's extendToken object literal.
	orderEPlusTVRefresh = []string{"clientKey", "clientSecret", "deviceId", "deviceInfo", "networkType", "refreshToken", "uid", "signatureTimestamp", "uidSignature"}
)

// Headers clients' HTTP libraries add by themselves.
var (
	// pythonRequests is python-requests 2.34 without brotli or zstd
	// installed (requests/utils.py default_headers).
	pythonRequests = []Header{{Name: "Accept-Encoding", Value: "gzip, deflate"}, {Name: "Accept", Value: "*/*"}}
	// httpx is python-httpx 0.28 without brotli or zstd installed
	// (httpx/_client.py and _models.py defaults).
	httpxDefaults = []Header{{Name: "Accept", Value: "*/*"}, {Name: "Accept-Encoding", Value: "gzip, deflate"}}
	// axiosNode is axios 1.x in Node (lib/defaults and the http adapter).
	axiosNode = []Header{{Name: "Accept", Value: "application/json, text/plain, */*"}, {Name: "Accept-Encoding", Value: "gzip, compress, deflate, br"}}
)

// peacockUndefined is the extra field yt-dlp and griddy send.
var peacockUndefined = []Field{{Name: "peacockUUID", Value: json.RawMessage(`"undefined"`)}}

// The sources, one per client.
const (
	srcContract       = "the identity API contract (identity-api.yaml, TokenRequest); headers are authdeck's own"
	srcYtDlp          = "yt-dlp/yt-dlp, yt_dlp/extractor/nfl.py (NFLBaseIE._get_auth_token) and yt_dlp/utils/networking.py (std_headers; random_user_agent picks Chrome 145–151, 148 here)"
	srcPicks          = "solthoth/football-picks, scripts/fetch_nfl_schedule.py (get_access_token: requests.post json=, python-requests 2.34's default headers)"
	srcPicksRefresh   = "not in solthoth/football-picks (its script only issues): its issue's headers and JSON spacing with authdeck's refresh order"
	srcEPlusTVIssue   = "m0ngr31/EPlusTV, services/nfl-handler.ts (getToken / getTvToken; User-Agent from services/user-agent.ts; Accept and Accept-Encoding are axios 1.x's in Node)"
	srcEPlusTVRefresh = "m0ngr31/EPlusTV, services/nfl-handler.ts (extendToken / extendTvToken; User-Agent from services/user-agent.ts; Accept and Accept-Encoding are axios 1.x's in Node)"
	srcGriddyIssue    = "jkgriebel93/griddy-sdk-python, src/griddy/nfl/endpoints/regular/authentication.py (generate_token), headers from src/griddy/core/basesdk.py, src/griddy/nfl/_version.py and the before-request hook src/griddy/nfl/_hooks/hack_auth.py"
	srcGriddyRefresh  = "jkgriebel93/griddy-sdk-python, src/griddy/nfl/_hooks/hack_auth.py (_do_refresh_token: httpx.post data=, python-httpx 0.28's default headers)"
	srcSDV            = "sportsdataverse/sportsdataverse-py, sportsdataverse/nfl/nfl_games.py (nfl_token_gen: DNT and x-domain-id headers, a form body, python-requests' defaults); that function posts grant_type=client_credentials to /v1/reroute, an older token endpoint, so the body's fields here are the contract's"
)

// clientTable holds the client presets: name, device preset, and the
// two calls' shapes.
var clientTable = []struct {
	name, device string
	preset       ClientPreset
}{
	{"web-example", "web-example", ClientPreset{
		Description: "the contract's example web client, as authdeck sends it (JSON, networkType other)",
		Issue:       CallShape{Source: srcContract, Encoding: EncodingJSON},
		Refresh:     CallShape{Source: srcContract, Encoding: EncodingJSON},
	}},
	{"web-windows", "web-windows", ClientPreset{
		Description: "yt-dlp's NFL extractor: the NFL.com web client's values, a browser's headers, peacockUUID",
		Issue: CallShape{Source: srcYtDlp, UserAgent: chromeWindows(148), Encoding: EncodingJSON, Fields: peacockUndefined, Order: orderYtDlpIssue,
			Headers: ytDlpHeaders},
		Refresh: CallShape{Source: srcYtDlp, UserAgent: chromeWindows(148), Encoding: EncodingJSON, Fields: peacockUndefined, Order: orderYtDlpRefresh,
			Headers: ytDlpHeaders},
	}},
	{"web-macos", "web-macos", ClientPreset{
		Description: "a schedule script (solthoth/football-picks): headless Chrome on macOS, python-requests, spaced JSON",
		Issue:       CallShape{Source: srcPicks, UserAgent: "python-requests/2.34.2", Headers: pythonRequests, Encoding: EncodingJSON, JSONStyle: JSONPython},
		Refresh:     CallShape{Source: srcPicksRefresh, UserAgent: "python-requests/2.34.2", Headers: pythonRequests, Encoding: EncodingJSON, JSONStyle: JSONPython},
	}},
	{"android-phone", "android-phone", ClientPreset{
		Description: "EPlusTV as the NFL Android app on a Pixel 5: okhttp's User-Agent, axios' headers, wifi",
		Issue:       CallShape{Source: srcEPlusTVIssue, UserAgent: "okhttp/4.11.0", Headers: axiosNode, Encoding: EncodingJSON},
		Refresh:     CallShape{Source: srcEPlusTVRefresh, UserAgent: "okhttp/4.11.0", Headers: axiosNode, Encoding: EncodingJSON, Order: orderEPlusTVRefresh},
	}},
	{"android-tv", "android-tv", ClientPreset{
		Description: "EPlusTV as the NFL Android TV app on an onn. 4K box: okhttp's User-Agent, axios' headers, wifi",
		Issue:       CallShape{Source: srcEPlusTVIssue, UserAgent: "okhttp/4.11.0", Headers: axiosNode, Encoding: EncodingJSON},
		Refresh:     CallShape{Source: srcEPlusTVRefresh, UserAgent: "okhttp/4.11.0", Headers: axiosNode, Encoding: EncodingJSON, Order: orderEPlusTVRefresh},
	}},
	{"griddy", "web-windows", ClientPreset{
		Description: "the griddy SDK: issue through its generated client (JSON), refresh form-encoded with peacockUUID",
		Issue:       CallShape{Source: srcGriddyIssue, UserAgent: chromeWindows(141), Encoding: EncodingJSON, Headers: griddyIssueHeaders},
		Refresh:     CallShape{Source: srcGriddyRefresh, UserAgent: "python-httpx/0.28.1", Headers: httpxDefaults, Encoding: EncodingForm, Fields: peacockUndefined, Order: orderGriddyRefresh},
	}},
	{"sportsdataverse", "web-example", ClientPreset{
		Description: "sportsdataverse-py's NFL token call: form body, DNT and x-domain-id 100, python-requests",
		Issue:       CallShape{Source: srcSDV, UserAgent: "python-requests/2.34.2", Headers: sdvHeaders, Encoding: EncodingForm},
		Refresh:     CallShape{Source: srcSDV, UserAgent: "python-requests/2.34.2", Headers: sdvHeaders, Encoding: EncodingForm},
	}},
}

// ytDlpHeaders are yt-dlp's std_headers after the User-Agent, then the
// Accept-Encoding its urllib handler adds (no brotli installed).
var ytDlpHeaders = []Header{
	{Name: "Accept", Value: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
	{Name: "Accept-Language", Value: "en-us,en;q=0.5"},
	{Name: "Sec-Fetch-Mode", Value: "navigate"},
	{Name: "Accept-Encoding", Value: "gzip, deflate"},
}

// griddyIssueHeaders are the generated client's Accept, httpx's
// Accept-Encoding and the hook's browser-like headers.
var griddyIssueHeaders = []Header{
	{Name: "Accept", Value: "application/json"},
	{Name: "Accept-Encoding", Value: "gzip, deflate"},
	{Name: "referer", Value: "https://nextgenstats.nfl.com/"},
	{Name: "x-override-env", Value: "false"},
	{Name: "sec-fetch-dest", Value: "empty"},
	{Name: "sec-fetch-mode", Value: "cors"},
	{Name: "sec-fetch-site", Value: "same-origin"},
	{Name: "authority", Value: "nextgenstats.nfl.com"},
}

// sdvHeaders are python-requests' defaults, then nfl_token_gen's own.
var sdvHeaders = append(append([]Header(nil), pythonRequests...), Header{Name: "DNT", Value: "1"}, Header{Name: "x-domain-id", Value: "100"})

// chromeWindows is Chrome's User-Agent on Windows at a major version.
func chromeWindows(major int) string {
	return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + strconv.Itoa(major) + ".0.0.0 Safari/537.36"
}
