// The site holds the study's page, linked from the Project Reports summary, and the page is the full report.
def page = new File(basedir, 'target/site/tuner-report.html')
assert page.isFile() : 'mvn site wrote target/site/tuner-report.html'
def html = page.text
assert html.startsWith('<!DOCTYPE html>')
assert html.contains('Study site-report') : 'the study of the project (default <study>: the artifactId)'
['history', 'intermediate', 'pareto', 'importance', 'contour', 'parallel', 'slices', 'rank', 'edf', 'funnel', 'time',
 'timeline'].each {
    assert html.contains("<section id=\"$it\"") : "the $it section"
}
// Importance, contour and rank need more complete trials than a 10-trial pruned study is sure to have.
['history', 'intermediate', 'parallel', 'slices', 'edf', 'funnel'].each {
    assert html.contains("data-plot=\"$it\"") : "the $it plot"
}
assert html.contains('class="tick">gini</text>') && html.contains('class="tick">entropy</text>') :
        'the choice is ticked with its names'
assert !html.contains('<script') : 'self-contained: no script'
def summary = new File(basedir, 'target/site/project-reports.html')
assert summary.isFile() : 'the site lists its reports'
assert summary.text.contains('tuner-report.html') : 'Project Reports links the study page'
assert summary.text.contains('Tuner study')
def log = new File(basedir, 'build.log').text
assert log.contains('Wrote ') && log.contains('tuner-report.html') : 'the report says where it wrote'
return true
