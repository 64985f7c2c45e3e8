package viz

import "image/color"

// DigitColors colours the ten digit classes 0–9 in latent clouds.
//
// The first eight are Okabe & Ito's colour-blind-safe palette
// (Okabe and Ito, "Color Universal Design", 2008), with its yellow
// darkened to a gold that stays visible on white; the last two are wine
// and olive from Paul Tol's "muted" scheme (personal.sron.nl/~pault).
// Labels ≥ 10 reuse the colours cyclically.
var DigitColors = [10]color.Color{
	rgb(0x00, 0x72, 0xB2), // 0 blue
	rgb(0xE6, 0x9F, 0x00), // 1 orange
	rgb(0x00, 0x9E, 0x73), // 2 bluish green
	rgb(0xD5, 0x5E, 0x00), // 3 vermillion
	rgb(0x56, 0xB4, 0xE9), // 4 sky blue
	rgb(0xCC, 0x79, 0xA7), // 5 reddish purple
	rgb(0x00, 0x00, 0x00), // 6 black
	rgb(0xC8, 0xB4, 0x00), // 7 gold (Okabe-Ito yellow, darkened)
	rgb(0x88, 0x22, 0x55), // 8 wine (Tol)
	rgb(0x99, 0x99, 0x33), // 9 olive (Tol)
}

// SeriesColors colours the curves of line charts, in order: Okabe-Ito
// blue, vermillion, bluish green, reddish purple, orange, sky blue and
// black. Series beyond seven reuse the colours cyclically.
var SeriesColors = []color.Color{
	rgb(0x00, 0x72, 0xB2),
	rgb(0xD5, 0x5E, 0x00),
	rgb(0x00, 0x9E, 0x73),
	rgb(0xCC, 0x79, 0xA7),
	rgb(0xE6, 0x9F, 0x00),
	rgb(0x56, 0xB4, 0xE9),
	rgb(0x00, 0x00, 0x00),
}

// ReferenceColor is the grey of reference marks: the N(0, I) circles,
// the 1/K slope and the active-unit threshold.
var ReferenceColor color.Color = rgb(0x66, 0x66, 0x66)

// DigitColor returns the colour of label l (l ≥ 0) from DigitColors.
func DigitColor(l int) color.Color { return DigitColors[l%len(DigitColors)] }

// seriesColor returns the i-th colour of SeriesColors.
func seriesColor(i int) color.Color { return SeriesColors[i%len(SeriesColors)] }

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }

// withAlpha returns c with its alpha set to a (0–255).
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
