/** Evaluation metrics, each tested against closed forms or hand-computed cases. */
package dev.genzoo.core.eval;
