package store

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// secretsDoc is secrets.json: the secrets of each reference. Tokens are
// kept in token files; an entry's tokens are those of a file written
// before token files existed (moved to a token file by the next write).
type secretsDoc struct {
	Version int                    `json:"version"`
	Secrets map[string]secretsJSON `json:"secrets"`
}

// loadSecretsFile reads secrets.json (strictly; missing = empty); the caller
// holds a lock.
// The result may be shared: callers must not modify it.
func (s *Store) loadSecretsFile() (map[string]Secrets, error) {
	path := s.secretsPath()
	data, _, err := readFileStat(path)
	if err != nil {
		return nil, err
	}
	if cached, ok := cachedParse(s, &s.secretCache, data); ok {
		return cached, nil
	}
	m, err := decodeSecretsFile(data)
	if err != nil {
		return nil, corrupt(path, data, err)
	}
	remember(s, &s.secretCache, data, m)
	return m, nil
}

func decodeSecretsFile(data []byte) (map[string]Secrets, error) {
	m := map[string]Secrets{}
	if err := precheck(data); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return m, nil
	}
	var doc secretsDoc
	if err := strictUnmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Version != 1 {
		return nil, &formatError{offset: -1, msg: fmt.Sprintf(`"version" is %d; expected 1`, doc.Version)}
	}
	for name, sec := range doc.Secrets {
		m[name] = Secrets(sec)
	}
	return m, nil
}

func encodeSecretsFile(m map[string]Secrets) ([]byte, error) {
	doc := secretsDoc{Version: 1, Secrets: make(map[string]secretsJSON, len(m))}
	for name, sec := range m {
		doc.Secrets[name] = secretsJSON(sec) // encoding/json sorts map keys
	}
	var b bytes.Buffer // compact: a secrets file is read by programs, not people
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
