package org.hypertower.data;

/**
 * A file a dataset is downloaded from.
 *
 * @param url where to get it
 * @param fileName the name it is saved under
 * @param md5 its MD5 checksum (hex, lower case)
 * @param bytes its size in bytes, for progress before the server says
 * @param archive true when it is a {@code .tar.gz} to extract into the data folder
 */
public record RemoteFile(String url, String fileName, String md5, long bytes, boolean archive) {}
