/** Pictures of what models do: PNG image grids. */
package dev.genzoo.core.viz;
