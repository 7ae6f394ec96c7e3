/** GenZoo autoencoders. */
package dev.genzoo.autoencoders;
