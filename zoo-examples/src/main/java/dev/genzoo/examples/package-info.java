/** GenZoo examples. */
package dev.genzoo.examples;
