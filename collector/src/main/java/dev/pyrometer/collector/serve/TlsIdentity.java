/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.serve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity from two PEM files, as web servers take them: a certificate chain
 * (leaf first) and an unencrypted PKCS#8 private key (RSA, EC or EdDSA). Errors name the file and
 * what to do, never the key material.
 */
public final class TlsIdentity {
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA"};

    private TlsIdentity() {
    }

    /** An SSLContext serving certFile's chain with keyFile's key; IllegalArgumentException if unusable. */
    public static SSLContext load(Path certFile, Path keyFile) throws IOException {
        Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!signsFor(key, chain[0].getPublicKey())) {
            throw new IllegalArgumentException(keyFile + " does not match " + certFile
                    + " (the key is not the certificate's; the leaf certificate must come first)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("pyrometer", key, password, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keyFile + " does not match " + certFile + ": " + e.getMessage());
        }
    }

    /** Whether key signs what the certificate's public key verifies (KeyStore does not check the pair). */
    private static boolean signsFor(PrivateKey key, java.security.PublicKey certKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
        try {
            byte[] probe = "pyrometer-tls-probe".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Certificate[] certificates(Path file) throws IOException {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no certificate (PEM 'BEGIN CERTIFICATE')");
            }
            return certs.toArray(new Certificate[0]);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate chain: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        Matcher m = PEM_BLOCK.matcher(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : KEY_ALGORITHMS) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException wrongAlgorithm) {
                        // try the next one
                    }
                }
                throw new IllegalArgumentException(file + ": a PKCS#8 key of an unsupported algorithm (RSA, EC, EdDSA)");
            }
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(file + " is encrypted: decrypt it (openssl pkcs8 -in " + file
                        + " -out key.pem) and keep that file readable only by this user");
            }
            if (type.endsWith(" PRIVATE KEY")) {
                throw new IllegalArgumentException(file + " holds a '" + type + "' key: convert it to PKCS#8 (openssl pkcs8 "
                        + "-topk8 -nocrypt -in " + file + " -out key.pem)");
            }
        }
        throw new IllegalArgumentException(file + " holds no PEM private key ('BEGIN PRIVATE KEY')");
    }
}
