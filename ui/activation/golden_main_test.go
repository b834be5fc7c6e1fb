package activation

import (
	"testing"

	"github.com/authdeck/authdeck/ui/goldentest"
)

// TestMain runs the tests and then checks that testdata holds exactly the
// goldens they compared, none of the layout ones with escape codes.
func TestMain(m *testing.M) { goldentest.Main(m) }
