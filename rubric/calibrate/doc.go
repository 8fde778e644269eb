// Package calibrate teaches Clio a marking standard from essays marked by
// people: it reads the marked-essay CSV, fits a profile per set by ridge
// regression on explainable features, and measures agreement (QWK and more).
package calibrate
