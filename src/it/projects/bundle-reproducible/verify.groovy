// Two clean builds give the same bundle bytes; the second computes no embedding; install publishes the bundle.
import groovy.json.JsonSlurper

def first = new File(basedir, 'build1/bundle.zip')
def second = new File(basedir, 'target/bundle-reproducible-1.0-model-bundle.zip')
assert first.isFile() : "build 1 wrote no bundle"
assert second.isFile() : "build 2 wrote no bundle"
assert first.bytes == second.bytes : "the two builds' bundles differ"

def run1 = new JsonSlurper().parse(new File(basedir, 'build1/tuner/bundle.json'))
def run2 = new JsonSlurper().parse(new File(basedir, 'target/tuner/bundle.json'))
assert run1.embeddings.computed == 30 : "build 1 should embed 30 texts, computed ${run1.embeddings.computed}"
assert run2.embeddings.computed == 0 : "build 2 should hit the cache, computed ${run2.embeddings.computed}"
assert run2.embeddings.cached == 30
assert run2.sha256 == run1.sha256
assert run2.paramsSource.startsWith("study 'bundle-reproducible' trial #")

def zip = new java.util.zip.ZipFile(second)
def names = zip.entries().toList()*.name
assert names == names.sort(false)
assert names.containsAll(['manifest.json', 'metrics.json', 'model/model.tribuo',
                          'model/provenance.json', 'embeddings/news/index.json', 'embeddings/news/vectors.f32',
                          'embeddings/news/centroids.json'])
// scale=true (the default) wraps the model in Tribuo's TransformedModel, which has no ONNX form.
assert !names.contains('model/model.onnx')
def manifest = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('manifest.json')))
assert manifest.formatVersion == 1
assert manifest.files.size() == names.size() - 1
assert manifest.provenance.data.sha256 != null
def index = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('embeddings/news/index.json')))
assert index.dimension == 384 && index.model == 'all-MiniLM-L6-v2' && index.normalization == 'l2'
zip.close()

def installed = new File(localRepositoryPath,
        'dev/tuner/it/bundle-reproducible/1.0/bundle-reproducible-1.0-model-bundle.zip')
assert installed.isFile() : "install did not place the bundle in ${installed}"
assert installed.bytes == second.bytes
def log = new File(basedir, 'build.log').text
assert log.contains('checked through the loader')
// The embedding runtime's GPU probe (DJL, on a machine with the CUDA runtime but no usable driver) is not logged.
assert !log.contains('Failed to detect GPU count') : 'GPU probing noise in the log'
assert !log.contains('Found matching platform from')
return true
