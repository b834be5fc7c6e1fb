package store

import (
	"fmt"
	"sync"
	"testing"
)

// One Store used from several goroutines (the console's commands run
// concurrently): saves change the cached profiles in place, so reads must
// be ordered with them inside the process, not only by the lock file. Run
// with -race, this fails when they are not.
func TestOneStoreFromManyGoroutines(t *testing.T) {
	s, _ := openTest(t, Options{})
	for i := range 5 {
		if err := s.Save(sampleProfile(fmt.Sprintf("p%d", i)), &testSecrets, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				p := sampleProfile(fmt.Sprintf("p%d", (g+i)%5))
				p.Note = fmt.Sprintf("goroutine %d, round %d", g, i)
				if err := s.Save(p, nil, SaveOptions{}); err != nil {
					t.Error(err)
					return
				}
				ps, err := s.List()
				if err != nil || len(ps) != 5 {
					t.Errorf("List: %d profiles, %v", len(ps), err)
					return
				}
				if _, err := s.Get(p.Name); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
