package vec

import "math"

// The float32 exp and log below are Cephes' expf and logf (S. L. Moshier),
// accurate to about 1 ulp over the ranges used here; the assembly
// evaluates the same polynomials in the same order.

const (
	log2e   = 1.44269504088896341
	ln2Hi   = 0.693359375 // ln 2 = ln2Hi + ln2Lo, ln2Hi exact in few bits
	ln2Lo   = -2.12194440e-4
	expMin  = -87.3 // e^expMin is still a normal float32
	sqrtTwo = 1.41421356
)

// exp32 returns e^t for t ≤ 0 (t below expMin is taken as expMin).
func exp32(t float32) float32 {
	t = max(t, expMin)
	n := float32(math.RoundToEven(float64(t * log2e)))
	return expR(t, n) * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// expR returns e^r for r = t − n·ln2, |r| ≤ ln2/2: Cephes' polynomial.
func expR(t, n float32) float32 {
	r := t - n*ln2Hi
	r -= n * ln2Lo
	y := float32(1.9875691500e-4)
	y = y*r + 1.3981999507e-3
	y = y*r + 8.3334519073e-3
	y = y*r + 4.1665795894e-2
	y = y*r + 1.6666665459e-1
	y = y*r + 5.0000001201e-1
	return y*(r*r) + r + 1
}

// expMax is the largest float32 whose e^x is finite in float32.
const expMax = 88.72283

// Exp returns e^x in float32 arithmetic: within 1 ulp of
// float32(math.Exp(float64(x))) wherever that is a normal float32 (in a
// sweep of every 7th float32 of the range; TestExp checks every 101st, to
// 2 ulps), +Inf above expMax, 0 far enough below, and NaN for NaN, as that
// expression gives, in about 60% of its time (go test -bench Exp ./vae/vec).
func Exp(x float32) float32 {
	switch {
	case x != x: // NaN stays NaN, for the checks that look for it
		return x
	case x > expMax:
		return float32(math.Inf(1))
	case x < -103.97208: // e^x is below the smallest subnormal
		return 0
	}
	// e^x = 2ⁿ·e^r with n = round(x/ln2); 2ⁿ is built from exponent
	// bits, whose range [-126, 127] the ends of x overstep by a little.
	k := int32(math.RoundToEven(float64(x * log2e)))
	y := expR(x, float32(k))
	if k > 127 {
		y, k = y*2, k-1
	}
	if k < -126 {
		y, k = y*0x1p-64, k+64
	}
	return y * math.Float32frombits(uint32(k+127)<<23)
}

// log32 returns log(u) for u in [1, 2].
func log32(u float32) float32 {
	// u = 2^k·(1+f) with 1+f in [√½, √2): k is 0 or 1 here.
	f, k := u-1, float32(0)
	if u >= sqrtTwo {
		f, k = u*0.5-1, 1
	}
	z := f * f
	y := float32(7.0376836292e-2)
	y = y*f - 1.1514610310e-1
	y = y*f + 1.1676998740e-1
	y = y*f - 1.2420140846e-1
	y = y*f + 1.4249322787e-1
	y = y*f - 1.6668057665e-1
	y = y*f + 2.0000714765e-1
	y = y*f - 2.4999993993e-1
	y = y*f + 3.3333331174e-1
	y = y * f * z
	y += k * ln2Lo
	y -= 0.5 * z
	return f + y + k*ln2Hi
}

func bits(x float32) uint32 { return math.Float32bits(x) }

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
