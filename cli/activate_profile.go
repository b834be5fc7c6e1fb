package cli

import (
	"fmt"
	"slices"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// saveActivation saves an activation to the profile: the uid (its
// signature and timestamp to the secret store) or the partner fields
// become the profile's, and the signed-in token is cached under it by the
// store's one caching rule, so `token -p` and `refresh -p` continue the
// session. It is called only after the signed-in refresh succeeded, so a
// failed activation changes nothing.
func (a *app) saveActivation(name string, signed tokenclient.TokenRequest, res *tokenclient.Result, elapsed time.Duration) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	names := tokenclient.ActivatedNames()
	_, err = st.Update(name, store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
		p.UID = signed.UID
		sec.UIDSignature, sec.SignatureTimestamp = signed.UIDSignature, signed.SignatureTimestamp
		p.Fields = slices.DeleteFunc(p.Fields, func(f tokenclient.Field) bool { return slices.Contains(names, f.Name) })
		for _, f := range signed.Fields {
			if slices.Contains(names, f.Name) {
				p.Fields = append(p.Fields, f)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("activated, but saving it to profile %q failed: %w", name, storeError(err))
	}
	if err := st.RecordResult(name, store.KindRefresh, res, nil, elapsed); err != nil {
		return fmt.Errorf("activated and saved to profile %q, but caching the token failed (`authdeck token -p %s` gets a new one): %w", name, name, err)
	}
	return nil
}
