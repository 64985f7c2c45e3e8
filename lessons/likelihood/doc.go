// Package likelihood is the code of notebook 07, "How good is the model":
// the importance-sampled estimate of log p(x) of Burda, Grosse and
// Salakhutdinov ("Importance weighted autoencoders", 2016), computed with a
// stable log-sum-exp in float64, set against the ELBO as the number of
// samples k grows; a fixed-seed binarization of the test digits so the
// figure can be compared with the literature on binary MNIST; and the
// measures under which a Bernoulli and a Gaussian decoder can be compared
// at all.
//
// # The estimate
//
// For a digit x and k draws z_i ~ q(z|x), the log importance weights are
//
//	log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x),
//
// and the k-sample bound is
//
//	L_k(x) = log (1/k) Σ_i w_i = LogSumExp(log w) − log k  ≤  log p(x).
//
// Its expectation rises with k (Burda et al., Theorem 1), from the ELBO at
// k = 1 to log p(x) as k → ∞.
package likelihood
