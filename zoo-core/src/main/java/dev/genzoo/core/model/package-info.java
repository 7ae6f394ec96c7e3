/** Shapes, families and the typed model handles that every zoo model implements. */
package dev.genzoo.core.model;
