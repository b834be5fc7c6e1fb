package ui

import (
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// memStore is an in-memory Store with the real store's rules for names,
// CreateOnly and IfUnchangedSince, for Update tests. Every change moves
// Updated and the revision.
type memStore struct {
	mu       sync.Mutex
	ps       map[string]Profile
	meta     map[string]store.Profile
	clock    time.Time
	rev      int64
	fail     error // returned by the next change, then cleared
	listErr  error // returned by List while set
	fallback string
	recorded []string
}

var _ Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{ps: map[string]Profile{}, meta: map[string]store.Profile{}, clock: testNow.Add(-time.Hour)}
}

// put stores p as if another authdeck saved it.
func (s *memStore) put(p Profile, ss store.SecretStore) store.Profile {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.putLocked(p, ss)
}

func (s *memStore) putLocked(p Profile, ss store.SecretStore) store.Profile {
	s.clock = s.clock.Add(time.Second)
	s.rev++
	old, ok := s.meta[p.Name]
	sp := store.Profile{Name: p.Name, Endpoint: p.Endpoint, ClientKey: p.Request.ClientKey,
		DeviceID: p.Request.DeviceID, NetworkType: p.Request.NetworkType, SecretStore: ss,
		Created: s.clock, Updated: s.clock}
	if ok {
		sp.Created, sp.History, sp.SecretStore = old.Created, old.History, old.SecretStore
	}
	if sp.SecretStore == "" {
		sp.SecretStore = store.SecretKeyring
	}
	p.Updated, p.SecretStore = sp.Updated, sp.SecretStore
	s.ps[p.Name], s.meta[p.Name] = p, sp
	return sp
}

func (s *memStore) takeFail() error {
	err := s.fail
	s.fail = nil
	return err
}

func (s *memStore) LastUsed() (string, error) { return "", nil }

func (s *memStore) Load(name string) (Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.ps[name]
	if !ok {
		return Profile{}, store.ErrNotFound
	}
	return p, nil
}

func (s *memStore) RecordResult(name, kind string, _ *tokenclient.Result, _ error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recorded = append(s.recorded, name+"/"+kind)
	return nil
}

func (s *memStore) List() ([]store.Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listErr != nil {
		return nil, s.listErr
	}
	out := make([]store.Profile, 0, len(s.meta))
	for _, p := range s.meta {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *memStore) Save(p Profile, opts store.SaveOptions) (store.Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return store.Profile{}, err
	}
	if err := store.ValidateName(p.Name); err != nil {
		return store.Profile{}, err
	}
	old, exists := s.meta[p.Name]
	if opts.CreateOnly && exists {
		return store.Profile{}, store.ErrExists
	}
	if !opts.IfUnchangedSince.IsZero() && (!exists || !old.Updated.Equal(opts.IfUnchangedSince)) {
		return store.Profile{}, store.ErrConflict
	}
	return s.putLocked(p, ""), nil
}

func (s *memStore) Delete(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	if _, ok := s.meta[name]; !ok {
		return store.ErrNotFound
	}
	delete(s.ps, name)
	delete(s.meta, name)
	s.rev++
	return nil
}

func (s *memStore) Rename(oldName, newName string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	p, ok := s.ps[oldName]
	if !ok {
		return store.ErrNotFound
	}
	if _, taken := s.meta[newName]; taken {
		return store.ErrExists
	}
	ss := s.meta[oldName].SecretStore
	delete(s.ps, oldName)
	delete(s.meta, oldName)
	p.Name = newName
	s.putLocked(p, ss)
	return nil
}

func (s *memStore) Copy(src, dst string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	p, ok := s.ps[src]
	if !ok {
		return store.ErrNotFound
	}
	if _, taken := s.meta[dst]; taken {
		return store.ErrExists
	}
	p.Name, p.Token = dst, nil
	s.putLocked(p, s.meta[src].SecretStore)
	return nil
}

func (s *memStore) Repair() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listErr == nil {
		return nil, errors.New("nothing to repair")
	}
	s.listErr = nil
	s.ps, s.meta = map[string]Profile{}, map[string]store.Profile{}
	s.rev++
	return []string{"/cfg/profiles.json.corrupt-1"}, nil
}

func (s *memStore) Revision() (store.Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return store.Revision{Exists: true, Size: s.rev, ModTime: s.rev}, nil
}

func (s *memStore) KeyringFallback() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fallback
}
