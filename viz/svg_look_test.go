package viz

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

// TestSVGWellFormed checks that every chart's SVG parses as XML, after
// the pixelated-rendering attributes were added. With VIZ_LOOK set it
// also leaves the SVGs there.
func TestSVGWellFormed(t *testing.T) {
	for _, ch := range charts() {
		d, err := ch.build(t)
		if err != nil {
			t.Fatalf("%s: %v", ch.name, err)
		}
		b, err := SVG(d, 0, 0)
		if err != nil {
			t.Fatalf("%s: %v", ch.name, err)
		}
		var v struct{ XMLName xml.Name }
		if err := xml.Unmarshal(b, &v); err != nil || v.XMLName.Local != "svg" {
			t.Errorf("%s: SVG does not parse: %v (root %q)", ch.name, err, v.XMLName.Local)
		}
		if dir := os.Getenv("VIZ_LOOK"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, ch.name+".svg"), b, 0o644)
		}
	}
}
