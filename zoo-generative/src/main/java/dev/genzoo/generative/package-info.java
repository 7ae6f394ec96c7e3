/** GenZoo generative. */
package dev.genzoo.generative;
