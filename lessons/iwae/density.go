package iwae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// halfLog2Pi is ½ log 2π = 0.91893853320467274…, the normalizing
// constant of a standard normal per dimension.
const halfLog2Pi = 0.91893853320467274178

// LogPriorForward adds the log-density of each row of z under the prior
// N(0, I) into rows (len R), summed over the row in float64:
//
//	log p(z) = −Σ_j (½ z_j² + ½ log 2π)
//
// z is (R, Z). It panics if rows has another length.
func LogPriorForward(rows []float64, z vae.Mat) {
	if len(rows) != z.Rows {
		panic(fmt.Sprintf("iwae: LogPriorForward: %d row sums for z %v", len(rows), z))
	}
	for r := range rows {
		var s float64
		for _, v := range z.Row(r) {
			s -= 0.5*float64(v)*float64(v) + halfLog2Pi
		}
		rows[r] += s
	}
}

// LogPriorBackward adds drows_r · ∂log p(z_r)/∂z_r = −drows_r · z_r into
// dz, where drows (len R) is the gradient of the loss with respect to each
// row's log p(z). It panics if the shapes do not fit.
func LogPriorBackward(dz vae.Mat, drows []float64, z vae.Mat) {
	mustShape("LogPriorBackward gradient dz", dz, z.Rows, z.Cols)
	if len(drows) != z.Rows {
		panic(fmt.Sprintf("iwae: LogPriorBackward: %d row gradients for z %v", len(drows), z))
	}
	for r, g := range drows {
		d, zr := dz.Row(r), z.Row(r)
		for j, v := range zr {
			d[j] -= float32(g) * v
		}
	}
}

// LogPosteriorForward adds the log-density of each row of z under the
// encoder's q(z|x) = N(mu, diag σ²) into rows (len R), in float64:
//
//	log q(z|x) = −Σ_j [ ½ log 2π + ½ logVar_j + ½ u_j² ],  u = (z − mu)/σ,
//
// with σ = e^(logVar/2) as vae.ReparamForward keeps it in sd. At the
// sample z = mu + σ ⊙ eps, u is eps. z, mu, logVar and sd are (R, Z). It
// panics if the shapes do not fit.
func LogPosteriorForward(rows []float64, z, mu, logVar, sd vae.Mat) {
	mustShape("LogPosteriorForward mu", mu, z.Rows, z.Cols)
	mustShape("LogPosteriorForward logVar", logVar, z.Rows, z.Cols)
	mustShape("LogPosteriorForward sd", sd, z.Rows, z.Cols)
	if len(rows) != z.Rows {
		panic(fmt.Sprintf("iwae: LogPosteriorForward: %d row sums for z %v", len(rows), z))
	}
	for r := range rows {
		zr, mr, lr, sr := z.Row(r), mu.Row(r), logVar.Row(r), sd.Row(r)
		var s float64
		for j, v := range zr {
			u := (float64(v) - float64(mr[j])) / float64(sr[j])
			s -= halfLog2Pi + 0.5*float64(lr[j]) + 0.5*u*u
		}
		rows[r] += s
	}
}

// LogPosteriorBackward adds the gradient of Σ_r drows_r · log q(z_r|x)
// into dz, dmu and dlogVar, from the z, mu and sd that the forward pass
// read (u = (z − mu)/σ):
//
//	∂log q/∂z      = −u/σ
//	∂log q/∂mu     = +u/σ
//	∂log q/∂logVar = −½ + ½u²   (σ depends on logVar: ∂σ/∂logVar = ½σ)
//
// At the sample, z itself depends on mu and logVar (z = mu + σ ⊙ eps), so
// vae.ReparamBackward carries dz on into dmu and dlogVar; the two paths to
// mu cancel. It panics if the shapes do not fit.
func LogPosteriorBackward(dz, dmu, dlogVar vae.Mat, drows []float64, z, mu, sd vae.Mat) {
	mustShape("LogPosteriorBackward mu", mu, z.Rows, z.Cols)
	mustShape("LogPosteriorBackward sd", sd, z.Rows, z.Cols)
	mustShape("LogPosteriorBackward gradient dz", dz, z.Rows, z.Cols)
	mustShape("LogPosteriorBackward gradient dmu", dmu, z.Rows, z.Cols)
	mustShape("LogPosteriorBackward gradient dlogVar", dlogVar, z.Rows, z.Cols)
	if len(drows) != z.Rows {
		panic(fmt.Sprintf("iwae: LogPosteriorBackward: %d row gradients for z %v", len(drows), z))
	}
	for r, g := range drows {
		zr, mr, sr := z.Row(r), mu.Row(r), sd.Row(r)
		dzr, dmr, dlr := dz.Row(r), dmu.Row(r), dlogVar.Row(r)
		for j, v := range zr {
			s := float64(sr[j])
			u := (float64(v) - float64(mr[j])) / s
			dzr[j] -= float32(g * u / s)
			dmr[j] += float32(g * u / s)
			dlr[j] += float32(g * 0.5 * (u*u - 1))
		}
	}
}
