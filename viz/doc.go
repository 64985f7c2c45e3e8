// Package viz draws the pictures of the VAE lessons with gonum/plot:
// latent clouds, grids of digits, interpolation strips, the decoded
// manifold of a 2-D latent space, training curves and the small charts
// of the lessons on reparameterisation, active units and gradient
// estimators.
//
// # Overview
//
// viz takes plain data, never model types: latent points as N×D slices
// of float32 or float64 with one int label per point, images as
// []float32 of side*side grey values in [0, 1], curves as named series.
// A learner should understand each chart at a glance, so every chart has
// a title, labelled axes, a legend where colours mean something, and a
// colour-blind-safe palette (see [DigitColors] and [SeriesColors]).
//
// Constructors come in two kinds, in the gonum/plot spirit:
//
//   - Single charts return a *plot.Plot ([Curves], [Histogram],
//     [KLBars], [EstimatorVariance], [ROC], [ROCLogFPR]). Adjust its
//     exported fields afterwards as with any gonum plot.
//   - Composite charts return a small type that implements [Drawer] and
//     [Sizer]: [CloudChart] (latent clouds side by side on one scale,
//     from [LatentClouds] or [LatentCloud]; also the ellipses of
//     [Posteriors] and the codes beside the decoded plane of
//     [CodesBesideManifold]), [ImageGrid] (from
//     [Reconstructions], [Samples], [Interpolations], [Manifold] or
//     [NewImageGrid]) and [Panels] (plots side by side with aligned
//     axes, from [Training] or [NewPanels]).
//
// Axes compose as in gonum/plot, through an axis's Scale and
// Tick.Marker: [WholeTicks] marks only whole numbers (epochs), and
// [PriorScale] with [PriorTicks] draws a latent axis in shares of the
// prior N(0, 1), on which the cells of [Manifold] are equal squares.
//
// All chart text is drawn by the [Subscripts] text handler: an
// underscore starts a subscript, as in "β_t", "L_k" or "z_{10}"
// ("\_" is an underscore).
//
// Rendering is separate from building: [PNG], [SVG] and [Save] draw any
// [Drawer], *plot.Plot included. A width or height of 0 picks the chart's
// natural size ([Sizer]) or else [DefaultWidth] × [DefaultHeight], which
// at [DPI] = 96 gives a 576×432 pixel PNG that JupyterLab shows 1:1,
// without rescaling. Digit images are drawn with nearest-neighbour
// scaling, at an integer factor where the space allows, so pixels stay
// crisp; the SVG output asks the browser for pixelated image rendering
// for the same reason.
//
// Digits are drawn as dark ink on white paper: grey value 1 is black,
// 0 is white, everywhere in the package, so that digit grids sit
// naturally among the white-background charts of a notebook.
//
// The notebook display helpers live in the subpackage viz/nb, so that
// viz itself does not depend on GoNB.
//
// # Errors
//
// Bad data is returned as an error, never a panic. Every constructor
// checks its input and returns an error wrapping one of the sentinel
// errors below (test with errors.Is):
//
//   - [ErrEmpty]: no points, no images, no samples, an empty curve.
//   - [ErrLength]: labels and points of different lengths, ragged
//     points, images of different sizes, X and Y of different lengths.
//   - [ErrNotSquare]: an image whose length is not a perfect square.
//   - [ErrNotFinite]: NaN or ±Inf in the data.
//   - [ErrLogScale]: a value ≤ 0 on a log-scale axis.
//   - [ErrArgument]: any other unusable argument (a negative label, a
//     latent of dimension 1, a bin count ≤ 0, an unknown file format,
//     a negative size).
//
// [PNG], [SVG] and [Save] also turn a panic raised while drawing into an
// error, so a notebook cell reports it instead of crashing.
package viz
